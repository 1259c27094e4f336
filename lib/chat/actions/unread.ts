/**
 * Unread counts: for each room a participant may use, how many messages
 * came after their read marker, and how many of those mention them. Room
 * ids are dense (1, 2, 3, … per room), so the count is the room's newest
 * id minus the marker, two small reads per room.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import { nameKey } from "../ports/backend.ts";
import { MAX_PAGE, type Room } from "../model/types.ts";
import { mentions } from "../rules/mentions.ts";
import { everyItem } from "./every_page.ts";
import { requestsBy } from "./membership.ts";
import { newestId, roomHistory } from "./rooms.ts";
import type { Hub } from "../session/hub.ts";

/** A room's unread messages for one participant. */
export interface RoomUnread {
  /** The channel, or null for the general chat. */
  channel: string | null;
  /** Messages after the participant's read marker. */
  count: number;
  /** How many of those mention the participant (among the newest 200). */
  mentions: number;
  /** The room's newest message id when counted; later ones arrive live. */
  lastId: number;
}

/** The rooms `who` may use: the general chat (null), then owned and granted channels. */
export async function roomsOf(
  hub: Hub,
  who: string,
): Promise<(string | null)[]> {
  const rooms = new Map<string, string>();
  const owned = everyItem((q) => hub.backend.listChannelsOwnedBy(who, q));
  for await (const c of owned) rooms.set(nameKey(c.name), c.name);
  for (const [key, request] of await requestsBy(hub, who)) {
    if (request.state === "granted") rooms.set(key, request.channel);
  }
  return [null, ...rooms.values()];
}

/** The unread counts of `rooms` for `who`, in the same order. */
export function unreadIn(
  backend: Backend,
  who: string,
  rooms: (string | null)[],
): Promise<RoomUnread[]> {
  return Promise.all(rooms.map(async (channel) => ({
    channel,
    ...await unreadOf(backend, who, { room: channel }),
  })));
}

/**
 * `who`'s unread messages in one room (a channel, the general chat or a
 * conversation): its newest id (read, unless `lastId` is known) minus
 * their marker, and how many of those mention them (among the newest 200).
 */
export async function unreadOf(
  backend: Backend,
  who: string,
  where: { room: Room; lastId?: number },
): Promise<Omit<RoomUnread, "channel">> {
  const { room } = where;
  const [lastId, marker] = await Promise.all([
    where.lastId ?? newestId(backend, who, room),
    backend.getReadMarker(who, room),
  ]);
  const count = Math.max(0, lastId - marker);
  let mentioned = 0;
  if (count > 0) {
    const query = { before: lastId + 1, limit: Math.min(count, MAX_PAGE) };
    const page = await roomHistory(backend, who, room, query);
    mentioned = page.messages.filter((m) =>
      m.id > marker && nameKey(m.sender) !== nameKey(who) &&
      mentions(m.text, who)
    ).length;
  }
  return { count, mentions: mentioned, lastId };
}
