/**
 * What the direct-message frames do: send, mark read, list conversations
 * with unread counts, block, unblock and list blocks, one `conn.dms` call
 * each, and their reply frames. (`history` with `dm` is in `actions.ts`.)
 *
 * @module
 */
import { type Connection, MAX_PAGE } from "../chat/mod.ts";
import type { Reply } from "./actions.ts";
import { type ClientFrame, sentFrame } from "./protocol.ts";

/** A direct-message frame. */
export type DirectFrame = Extract<
  ClientFrame,
  { type: "msg" | "dm_read" | "conversations" | "block" | "unblock" | "blocks" }
>;

/** Runs one direct-message frame on `conn`. */
export async function runDirectFrame(
  conn: Connection,
  frame: DirectFrame,
): Promise<Reply> {
  const dms = conn.dms;
  switch (frame.type) {
    case "msg": {
      // The `direct` event reaches every connection of both, this one too;
      // a client that numbers its frames is also told the id.
      const message = await dms.send(frame.to, frame.text);
      return frame.ref === undefined ? null : sentFrame(message);
    }
    case "dm_read":
      await dms.markRead(frame.name, frame.id);
      return null;
    case "conversations":
      return {
        type: "conversations",
        items: (await dms.conversations({ limit: MAX_PAGE })).items,
      };
    case "block":
    case "unblock": {
      const blocked = frame.type === "block";
      const name = blocked
        ? await dms.block(frame.name)
        : await dms.unblock(frame.name);
      return { type: "blocked", name, blocked };
    }
    case "blocks":
      return {
        type: "blocks",
        items: (await dms.blocked({ limit: MAX_PAGE })).items,
      };
  }
}
