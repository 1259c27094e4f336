/**
 * What each client frame does: one Connection call per frame type, and the
 * reply frame it produces. Errors propagate to the socket's single error
 * path in `ws.ts`.
 *
 * @module
 */
import { type AnyMessage, type Connection, MAX_PAGE } from "../chat/mod.ts";
import {
  channelFrame,
  type ClientFrame,
  messageFrame,
  requestFrame,
} from "./protocol.ts";

/** A reply frame, or null when the live events are the whole answer. */
export type Reply = Record<string, unknown> | null;

/** Runs one authenticated frame on `conn`. */
export async function runFrame(
  conn: Connection,
  frame: ClientFrame,
): Promise<Reply> {
  switch (frame.type) {
    case "auth":
      return {
        type: "error",
        code: "invalid",
        message: "You are already signed in",
      };
    case "say": {
      // Saying somewhere else moves the connection there first.
      const moved = frame.channel !== undefined &&
        !sameRoom(frame.channel, conn.room);
      if (moved) await moveTo(conn, frame.channel ?? null);
      const message = await conn.say(frame.text);
      if (moved) return roomFrame(conn);
      // Only a client that numbers its frames is told which id it got.
      return frame.ref === undefined ? null : sentFrame(message);
    }
    case "join":
      await conn.join(frame.channel);
      return roomFrame(conn);
    case "leave":
      conn.leave();
      return roomFrame(conn);
    case "create_channel": {
      const channel = await conn.createChannel(frame.channel);
      return { type: "channel_created", ...channelFrame(channel) };
    }
    case "slow_mode": {
      const channel = await conn.setSlowMode(frame.channel, frame.seconds);
      return { type: "channel_updated", ...channelFrame(channel) };
    }
    case "request_access":
      return {
        type: "request",
        ...requestFrame(await conn.requestAccess(frame.channel)),
      };
    case "grant":
    case "deny": {
      const request = frame.type === "grant"
        ? await conn.grant(frame.channel, frame.name)
        : await conn.deny(frame.channel, frame.name);
      return { type: "request", ...requestFrame(request) };
    }
    case "history": {
      const { before, after, limit } = frame;
      const page = await conn.history({ before, after, limit }, frame.channel);
      return {
        type: "history",
        channel: frame.channel,
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
        messages: page.messages.map(messageFrame),
        hasMore: page.hasMore,
      };
    }
    case "channels":
      return {
        type: "channels",
        items: await conn.channelsWithAccess({ limit: MAX_PAGE }),
      };
    case "who":
      return {
        type: "participants",
        items: (await conn.who({ limit: MAX_PAGE })).items,
      };
    case "requests": {
      const page = await conn.pendingRequests({ limit: MAX_PAGE });
      return { type: "requests", items: page.items.map(requestFrame) };
    }
    case "unread":
      return { type: "unread", items: await conn.unread() };
    case "read":
      await conn.caughtUp();
      return null;
  }
}

/** The reply to a numbered `say` or `msg`: the id it was stored under. */
export function sentFrame(message: AnyMessage): Record<string, unknown> {
  return "recipient" in message
    ? { type: "sent", id: message.id, dm: message.recipient }
    : { type: "sent", id: message.id, channel: message.channel };
}

function roomFrame(conn: Connection): Record<string, unknown> {
  return { type: "room", channel: conn.room };
}

function sameRoom(a: string | null, b: string | null): boolean {
  return a === b ||
    (a !== null && b !== null && a.toLowerCase() === b.toLowerCase());
}

async function moveTo(conn: Connection, channel: string | null): Promise<void> {
  if (channel === null) conn.leave();
  else await conn.join(channel);
}
