/**
 * What each client frame does: one Connection call per frame type, and the
 * reply frame it produces. Errors propagate to the socket's single error
 * path in `ws.ts`.
 *
 * @module
 */
import { ChatError, type Connection, MAX_PAGE, sameRoom } from "../chat/mod.ts";
import {
  channelFrame,
  type ClientFrame,
  directFrame,
  messageFrame,
  requestFrame,
  sentFrame,
} from "./protocol.ts";
import { runModerationFrame } from "./actions_moderation.ts";
import { runDirectFrame } from "./actions_direct.ts";

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
        (conn.direct !== null || !sameRoom(frame.channel, conn.room));
      if (moved) await moveTo(conn, frame.channel ?? null);
      const message = await conn.say(frame.text);
      if (moved) return roomFrame(conn);
      // Only a client that numbers its frames is told which id it got.
      return frame.ref === undefined ? null : sentFrame(message);
    }
    case "join":
      await conn.join(frame.channel);
      return roomFrame(conn);
    case "dm":
      await conn.enterDirect(frame.name);
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
        ...requestFrame(await conn.requests.ask(frame.channel)),
      };
    case "grant":
    case "deny": {
      const request = frame.type === "grant"
        ? await conn.requests.grant(frame.channel, frame.name)
        : await conn.requests.deny(frame.channel, frame.name);
      return { type: "request", ...requestFrame(request) };
    }
    case "history": {
      const { before, after, limit, dm } = frame;
      const cursor = {
        ...(before === undefined ? {} : { before }),
        ...(after === undefined ? {} : { after }),
      };
      if (dm !== undefined) {
        if (frame.channel !== undefined) {
          throw new ChatError("invalid", "Give channel or dm, not both");
        }
        const page = await conn.dms.history(dm, { before, after, limit });
        return {
          type: "history",
          dm,
          ...cursor,
          messages: page.messages.map(directFrame),
          hasMore: page.hasMore,
        };
      }
      const page = await conn.history({ before, after, limit }, frame.channel);
      return {
        type: "history",
        channel: frame.channel,
        ...cursor,
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
      const page = await conn.requests.pending({ limit: MAX_PAGE });
      return { type: "requests", items: page.items.map(requestFrame) };
    }
    case "unread":
      return { type: "unread", items: await conn.unread() };
    case "read":
      await conn.caughtUp();
      return null;
    case "remove":
    case "ban":
    case "unban":
    case "transfer":
    case "bans":
    case "part":
    case "members":
      return await runModerationFrame(conn, frame);
    case "msg":
    case "dm_read":
    case "conversations":
    case "block":
    case "unblock":
    case "blocks":
      return await runDirectFrame(conn, frame);
  }
}

function roomFrame(conn: Connection): Record<string, unknown> {
  return conn.direct === null
    ? { type: "room", channel: conn.room }
    : { type: "room", channel: null, dm: conn.direct };
}

async function moveTo(conn: Connection, channel: string | null): Promise<void> {
  if (channel === null) conn.leave();
  else await conn.join(channel);
}
