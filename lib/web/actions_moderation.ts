/**
 * What the moderation frames do: remove, ban, unban, bans, part, members
 * and transfer, one `conn.moderation` call each, and their reply frames.
 *
 * @module
 */
import { type Connection, MAX_PAGE } from "../chat/mod.ts";
import type { Reply } from "./actions.ts";
import { type ClientFrame, requestFrame } from "./protocol.ts";

/** A moderation frame. */
export type ModerationFrame = Extract<
  ClientFrame,
  {
    type: "remove" | "ban" | "unban" | "transfer" | "bans" | "part" | "members";
  }
>;

/** Runs one moderation frame on `conn`. */
export async function runModerationFrame(
  conn: Connection,
  frame: ModerationFrame,
): Promise<Reply> {
  const moderation = conn.moderation;
  switch (frame.type) {
    case "remove":
    case "ban":
    case "unban": {
      const request = await moderation[frame.type](frame.channel, frame.name);
      return { type: "request", ...requestFrame(request) };
    }
    case "part":
      return {
        type: "request",
        ...requestFrame(await moderation.part(frame.channel)),
      };
    case "transfer": {
      const channel = await moderation.transfer(frame.channel, frame.name);
      return { type: "channel_updated", ...channel };
    }
    case "bans": {
      const page = await moderation.bans(frame.channel, { limit: MAX_PAGE });
      return {
        type: "bans",
        channel: frame.channel,
        items: page.items.map(requestFrame),
      };
    }
    case "members": {
      const found = await moderation.members(frame.channel, {
        limit: MAX_PAGE,
      });
      return {
        type: "members",
        channel: found.channel.name,
        owner: found.owner,
        items: found.members.items,
      };
    }
  }
}
