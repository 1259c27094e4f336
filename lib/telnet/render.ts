/**
 * Turns chat events and errors into the text lines a telnet user reads.
 * This is the telnet path's one place where errors become words.
 *
 * @module
 */
import {
  ChatError,
  type ChatEvent,
  type JoinRequest,
  type Message,
} from "../chat/mod.ts";

/** One line of text for an event. */
export function renderEvent(event: ChatEvent): string {
  switch (event.type) {
    case "message":
      return renderMessage(event.message);
    case "system":
      return `* ${event.text}`;
    case "presence":
      return `* ${event.name} ${event.online ? "is online" : "went offline"}`;
    case "join_request":
      return renderRequest(event.request);
    case "access_changed":
      return renderDecision(event.request);
  }
}

/** `[HH:MM] #channel <sender> text`, without the channel in the general chat. */
export function renderMessage(message: Message): string {
  const time = new Date(message.sentAt).toISOString().slice(11, 16);
  const where = message.channel === null ? "" : `#${message.channel} `;
  return `[${time}] ${where}<${message.sender}> ${message.text}`;
}

/** The owner's notice of a request, with the commands that answer it. */
export function renderRequest(request: JoinRequest): string {
  const { channel, requester } = request;
  return `* ${requester} asks to join #${channel}: /grant ${channel} ${requester} or /deny ${channel} ${requester}`;
}

/** The requester's notice of a decision. */
export function renderDecision(request: JoinRequest): string {
  return request.state === "granted"
    ? `* You may now use #${request.channel}: /join ${request.channel}`
    : `* Your request to join #${request.channel} was denied`;
}

/** The text shown for a failed action; unexpected errors stay generic. */
export function renderError(error: unknown): string {
  if (error instanceof ChatError) return `! ${error.message}`;
  return "! Something went wrong; please try again";
}
