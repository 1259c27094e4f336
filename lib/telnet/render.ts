/**
 * Turns chat events and errors into the text lines a telnet user reads.
 * This is the telnet path's one place where errors become words.
 *
 * @module
 */
import {
  type AnyMessage,
  ChatError,
  type ChatEvent,
  type JoinRequest,
  type ListPage,
  mentions,
  nameKey,
  type Notice,
} from "../chat/mod.ts";
import { withoutBidiControls } from "./bidi.ts";

/** The lines of a listed page: one per item, then a mark if it goes on. */
export function pageLines<T>(
  page: ListPage<T>,
  line: (item: T) => string,
): string[] {
  return [...page.items.map(line), ...(page.next ? ["  …and more"] : [])];
}

/** Marks a line that mentions its reader; BEL rings their terminal. */
export const MENTION_MARK = "\x07>>";

/**
 * The events a terminal shows: it keeps no unread counts to clear and no
 * channel list to update (the room itself hears of a handover).
 */
export type ShownEvent = Exclude<
  ChatEvent,
  { type: "read" | "channel_updated" }
>;

/** One line of text for an event, the same for every reader. */
export function renderEvent(event: ShownEvent): string {
  switch (event.type) {
    case "message":
    case "direct":
      return renderMessage(event.message);
    case "system":
      return `* ${withoutBidiControls(event.text)}`;
    case "presence":
      return `* ${event.name} ${event.online ? "is online" : "went offline"}`;
    case "channel_created": {
      const { name, owner } = event.channel;
      return `* ${owner} created #${name}; ask for access with /request ${name}`;
    }
    case "room":
      return event.channel === null
        ? "* You are in the general chat"
        : `* You are in #${event.channel}`;
    default:
      return renderNotice(event);
  }
}

/** The line of a notice, live or at login. */
export function renderNotice(notice: Notice): string {
  switch (notice.type) {
    case "join_request":
      return renderRequest(notice.request);
    case "access_changed":
      return renderDecision(notice.request);
    case "access_lost": {
      const { by, channel, reason } = notice;
      return reason === "left"
        ? `* You left #${channel}`
        : `* ${by} ${reason} you from #${channel}`;
    }
    case "unbanned":
      return `* ${notice.by} lifted your ban from #${notice.channel}; /request ${notice.channel} to ask again`;
    case "owner_changed":
      return `* ${notice.by} handed #${notice.channel} to you; you own it now`;
    case "direct_unread": {
      const { count, from } = notice;
      const what = count === 1 ? "direct message" : "direct messages";
      return `* ${count} new ${what} from ${from}; /dm ${from} shows them`;
    }
  }
}

/**
 * The text `reader` should see for an event when it differs from
 * `renderEvent`'s: a message mentioning them is marked, their own new
 * channel is already confirmed by `/create` (null: show nothing).
 * Undefined means the shared line.
 */
export function renderFor(
  event: ChatEvent,
  reader: string | null,
): string | null | undefined {
  if (reader === null) return undefined;
  if (event.type === "channel_created") {
    return nameKey(event.channel.owner) === nameKey(reader) ? null : undefined;
  }
  if (
    event.type === "message" && mentions(event.message.text, reader) &&
    nameKey(event.message.sender) !== nameKey(reader)
  ) return `${MENTION_MARK} ${renderMessage(event.message)}`;
  return undefined;
}

/**
 * `[HH:MM] #channel <sender> text`, without the channel in the general
 * chat; a direct message is `[HH:MM] <sender -> recipient> text`. Each
 * further line of a multi-line message is indented under the first line's
 * text, so it reads as one message. Bidirectional controls, which could
 * disguise it, are dropped.
 */
export function renderMessage(message: AnyMessage): string {
  const time = new Date(message.sentAt).toISOString().slice(11, 16);
  const head = "recipient" in message
    ? `[${time}] <${message.sender} -> ${message.recipient}> `
    : `[${time}] ${
      message.channel === null ? "" : `#${message.channel} `
    }<${message.sender}> `;
  const text = withoutBidiControls(message.text);
  return head +
    (text.includes("\n")
      ? text.replaceAll("\n", "\n" + " ".repeat(head.length))
      : text);
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
