/**
 * Reading any room the same way: the general chat, a channel, or a direct
 * conversation seen from one of its two participants. Read markers, the
 * catch-up after a reconnect and unread counts all read through here, so a
 * conversation pages exactly like a room.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import {
  type DirectMessage,
  type HistoryPage,
  type HistoryQuery,
  isDirect,
  type Message,
  type Room,
} from "../model/types.ts";

/** A message of any room. */
export type AnyMessage = Message | DirectMessage;

/** A page of `room` as `reader` sees it (a conversation is theirs with its peer). */
export function roomHistory(
  backend: Backend,
  reader: string,
  room: Room,
  query: HistoryQuery = {},
): Promise<HistoryPage<AnyMessage>> {
  if (isDirect(room)) return backend.getDirectHistory(reader, room.peer, query);
  return room === null
    ? backend.getChatHistory(query)
    : backend.getChannelHistory(room, query);
}

/** The id of a room's newest message; 0 when it has none. */
export async function newestId(
  backend: Backend,
  reader: string,
  room: Room,
): Promise<number> {
  const page = await roomHistory(backend, reader, room, { limit: 1 });
  return page.messages.at(-1)?.id ?? 0;
}
