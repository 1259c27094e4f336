/**
 * The WebSocket protocol's wire format: parsing client frames and encoding
 * server frames. `docs/protocol.md` is the reference for both.
 *
 * @module
 */
import {
  type AnyMessage,
  type Channel,
  ChatError,
  type ChatEvent,
  type DirectMessage,
  isDirect,
  type JoinRequest,
  type Message,
} from "../chat/mod.ts";

/** A client frame after validation; `ref` is echoed in the reply. */
export type ClientFrame =
  & { ref?: string | number }
  & (
    | { type: "auth"; token: string }
    | { type: "say"; text: string; channel?: string | null }
    | { type: "join"; channel: string }
    | { type: "dm"; name: string }
    | { type: "leave" }
    | { type: "create_channel"; channel: string }
    | { type: "slow_mode"; channel: string; seconds: number }
    | { type: "request_access"; channel: string }
    | { type: "grant" | "deny"; channel: string; name: string }
    | {
      type: "history";
      channel?: string | null;
      dm?: string;
      before?: number;
      after?: number;
      limit?: number;
    }
    | { type: "channels" | "who" | "requests" | "unread" | "read" }
    | {
      type: "remove" | "ban" | "unban" | "transfer";
      channel: string;
      name: string;
    }
    | { type: "bans" | "part" | "members"; channel: string }
    | { type: "msg"; to: string; text: string }
    | { type: "dm_read"; name: string; id: number }
    | { type: "block" | "unblock"; name: string }
    | { type: "conversations" | "blocks" }
  );

/** Field types each client frame needs, beyond `type`. */
const SHAPES: Record<string, Record<string, string>> = {
  auth: { token: "string" },
  say: { text: "string", channel: "channel?" },
  join: { channel: "string" },
  dm: { name: "string" },
  leave: {},
  create_channel: { channel: "string" },
  slow_mode: { channel: "string", seconds: "int" },
  request_access: { channel: "string" },
  grant: { channel: "string", name: "string" },
  deny: { channel: "string", name: "string" },
  history: {
    channel: "channel?",
    dm: "string?",
    before: "int?",
    after: "int?",
    limit: "int?",
  },
  channels: {},
  who: {},
  requests: {},
  unread: {},
  read: {},
  remove: { channel: "string", name: "string" },
  ban: { channel: "string", name: "string" },
  unban: { channel: "string", name: "string" },
  transfer: { channel: "string", name: "string" },
  bans: { channel: "string" },
  part: { channel: "string" },
  members: { channel: "string" },
  msg: { to: "string", text: "string" },
  dm_read: { name: "string", id: "int" },
  block: { name: "string" },
  unblock: { name: "string" },
  conversations: {},
  blocks: {},
};

/** A refused frame; keeps the frame's `ref` so the error can echo it. */
export class FrameError extends ChatError {
  /** The `ref` of the refused frame, when it had a usable one. */
  readonly ref?: string | number;

  /** Creates the error for an invalid frame. */
  constructor(message: string, ref?: string | number) {
    super("invalid", message);
    this.ref = ref;
  }
}

/** Parses one text frame, or throws a `FrameError` saying what is wrong. */
export function parseFrame(text: string): ClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FrameError("Frame is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FrameError("Frame must be a JSON object");
  }
  const frame = value as Record<string, unknown>;
  const ref = frame.ref;
  if (ref !== undefined && typeof ref !== "string" && typeof ref !== "number") {
    throw new FrameError("Field ref must be a string or a number");
  }
  const shape =
    typeof frame.type === "string" && Object.hasOwn(SHAPES, frame.type)
      ? SHAPES[frame.type]
      : undefined;
  if (!shape) {
    throw new FrameError(`Unknown frame type ${String(frame.type)}`, ref);
  }
  for (const [field, kind] of Object.entries(shape)) {
    if (!fits(frame[field], kind)) {
      throw new FrameError(
        `Field ${field} of ${frame.type} must be ${describe(kind)}`,
        ref,
      );
    }
  }
  return frame as ClientFrame;
}

function fits(value: unknown, kind: string): boolean {
  if (kind.endsWith("?") && value === undefined) return true;
  switch (kind.replace("?", "")) {
    case "string":
      return typeof value === "string";
    case "channel":
      return value === null || typeof value === "string";
    case "int":
      return Number.isSafeInteger(value) && (value as number) >= 0;
  }
  return false;
}

function describe(kind: string): string {
  return {
    string: "a string",
    channel: "a channel name or null",
    int: "a whole number",
  }[kind.replace("?", "")]!;
}

/** A message as it goes on the wire. */
export function messageFrame(message: Message): Record<string, unknown> {
  const { id, sender, sentAt, text, channel } = message;
  return { id, sender, sentAt, text, channel };
}

/** A direct message as it goes on the wire. */
export function directFrame(message: DirectMessage): Record<string, unknown> {
  const { id, sender, recipient, sentAt, text } = message;
  return { id, sender, recipient, sentAt, text };
}

/** The reply to a numbered `say` or `msg`: the id it was stored under. */
export function sentFrame(message: AnyMessage): Record<string, unknown> {
  return "recipient" in message
    ? { type: "sent", id: message.id, dm: message.recipient }
    : { type: "sent", id: message.id, channel: message.channel };
}

/** A join request as it goes on the wire. */
export function requestFrame(request: JoinRequest): Record<string, unknown> {
  const { channel, requester, state, requestedAt, decidedAt } = request;
  return { channel, requester, state, requestedAt, decidedAt };
}

/** The server frame for a live chat event. */
export function eventFrame(event: ChatEvent): Record<string, unknown> {
  switch (event.type) {
    case "message":
      return { type: "message", ...messageFrame(event.message) };
    case "system":
      return { type: "system", text: event.text };
    case "presence":
      return { type: "presence", name: event.name, online: event.online };
    case "direct":
      return { type: "direct", ...directFrame(event.message) };
    case "room":
      return { type: "room", channel: event.channel };
    case "join_request":
    case "access_changed":
      return { type: event.type, ...requestFrame(event.request) };
    case "channel_created":
      return { type: "channel_added", ...channelFrame(event.channel) };
    case "channel_updated":
      return { type: "channel_updated", ...channelFrame(event.channel) };
    case "access_lost":
      return {
        type: "access_lost",
        channel: event.channel,
        by: event.by,
        reason: event.reason,
      };
    case "unbanned":
    case "owner_changed":
      return { type: event.type, channel: event.channel, by: event.by };
    case "direct_unread":
      return { type: "direct_unread", from: event.from, count: event.count };
    case "read":
      return isDirect(event.room)
        ? { type: "read", dm: event.room.peer, id: event.id }
        : { type: "read", channel: event.room, id: event.id };
  }
}

/** A channel as it goes on the wire. */
export function channelFrame(channel: Channel): Record<string, unknown> {
  const { name, owner, createdAt, slowModeSeconds } = channel;
  return { name, owner, createdAt, slowModeSeconds };
}

// Events are shared by every recipient: encode each one once.
const encoded = new WeakMap<ChatEvent, string>();

/** The JSON text of an event's frame, cached per event object. */
export function encodeEvent(event: ChatEvent): string {
  let text = encoded.get(event);
  if (text === undefined) {
    encoded.set(event, text = JSON.stringify(eventFrame(event)));
  }
  return text;
}

/** The one place an error becomes a frame; unexpected errors stay generic. */
export function errorFrame(
  error: unknown,
  ref?: string | number,
): Record<string, unknown> {
  if (ref === undefined && error instanceof FrameError) ref = error.ref;
  const body = error instanceof ChatError
    ? { code: error.code, message: error.message }
    : { code: "internal", message: "Something went wrong; please try again" };
  return { type: "error", ...body, ...(ref === undefined ? {} : { ref }) };
}
