/**
 * Key layout of the Deno KV backend and the bounded range reads over it;
 * shared with its benchmark. Names are stored under `nameKey`, so lookups
 * are case-insensitive.
 *
 * @module
 */
import {
  ChatError,
  directPair,
  type HistoryWindow,
  isDirect,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  nameKey,
  pageLimit,
  type Room,
  type RosterState,
} from "../chat/mod.ts";

/**
 * The key parts naming a room. The general chat and channels differ in the
 * first part, so no channel name, whatever it is, can collide with it.
 */
export function roomParts(channel: string | null): Deno.KvKey {
  return channel === null ? ["general"] : ["channel", nameKey(channel)];
}

/**
 * The key parts naming a direct conversation: its pair (`directPair`).
 * `"direct"` is a first part no room has.
 */
export function directParts(a: string, b: string): Deno.KvKey {
  return ["direct", ...directPair(a, b)];
}

/** The key parts of any room, a conversation seen from `name`. */
export function anyRoomParts(name: string, room: Room): Deno.KvKey {
  return isDirect(room) ? directParts(name, room.peer) : roomParts(room);
}

/** Holds the last message id given out in a room. */
export function headKey(channel: string | null): Deno.KvKey {
  return ["head", ...roomParts(channel)];
}

/** Prefix of a room's messages; the id follows, so keys sort by id. */
export function messagePrefix(channel: string | null): Deno.KvKey {
  return ["msg", ...roomParts(channel)];
}

/** A participant's read marker in a room: a `Deno.KvU64` message id. */
export function markerKey(name: string, room: Room): Deno.KvKey {
  return ["marker", nameKey(name), ...anyRoomParts(name, room)];
}

/** `name`'s side of their conversation with `peer`: a `Conversation`. */
export function conversationKey(name: string, peer: string): Deno.KvKey {
  return ["conv", nameKey(name), nameKey(peer)];
}

/** A block of `whom` by `by`: a `Block`. */
export function blockKey(by: string, whom: string): Deno.KvKey {
  return ["block", nameKey(by), nameKey(whom)];
}

/** A channel's roster entry (members, bans): the `JoinRequest`. */
export function rosterKey(
  channel: string,
  state: RosterState,
  requester: string,
): Deno.KvKey {
  return ["roster", nameKey(channel), state, nameKey(requester)];
}

/**
 * Changed by every filing in a channel, so a handover that moves the
 * channel's pending entries notices one filed meanwhile.
 */
export function filingsKey(channel: string): Deno.KvKey {
  return ["filings", nameKey(channel)];
}

/** A notice in `name`'s inbox: a `StoredNotice`. */
export function noticeKey(name: string, id: number): Deno.KvKey {
  return ["notice", nameKey(name), id];
}

/** The last notice id given out in `name`'s inbox. */
export function noticeHeadKey(name: string): Deno.KvKey {
  return ["notice-head", nameKey(name)];
}

/** A participant's account (participant plus credential). */
export function participantKey(name: string): Deno.KvKey {
  return ["participant", nameKey(name)];
}

/** A channel. */
export function channelKey(name: string): Deno.KvKey {
  return ["channel", nameKey(name)];
}

/** Index entry of a channel under its owner: a copy of the `Channel`. */
export function ownedKey(owner: string, channel: string): Deno.KvKey {
  return ["owned", nameKey(owner), nameKey(channel)];
}

/** The one request of `requester` for `channel`, whatever its state. */
export function requestKey(requester: string, channel: string): Deno.KvKey {
  return ["request", nameKey(requester), nameKey(channel)];
}

/** Index entry of a pending request, ordered oldest first per owner. */
export function pendingKey(owner: string, request: JoinRequest): Deno.KvKey {
  return [
    "pending",
    nameKey(owner),
    request.requestedAt,
    nameKey(request.channel),
    nameKey(request.requester),
  ];
}

/**
 * The key range of a history window: message keys end in their id, so
 * `[from, to]` is one range, listed upward or downward. Ids may have gaps;
 * the range and its limit do not care.
 */
export function historySelector(
  parts: Deno.KvKey,
  window: HistoryWindow,
): Deno.KvListSelector {
  const prefix = ["msg", ...parts];
  return { start: [...prefix, window.from], end: [...prefix, window.to + 1] };
}

/**
 * One page of the values under `prefix` in key order. `next` is the KV
 * iterator's own cursor: opaque, and exact even for compound keys.
 */
export async function listPage<V, T = V>(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  query: ListQuery,
  map: (value: V) => T = (value) => value as unknown as T,
): Promise<ListPage<T>> {
  const limit = pageLimit(query.limit);
  const cursor = query.after || undefined;
  // One entry beyond the page tells whether there is more.
  const it = kv.list<V>({ prefix }, { limit: limit + 1, cursor });
  const items: T[] = [];
  let next: string | undefined;
  try {
    for await (const entry of it) {
      if (items.length === limit) return { items, next };
      items.push(map(entry.value));
      next = it.cursor;
    }
  } catch (error) {
    // Deno says TypeError for a cursor it cannot decode: the caller's fault.
    if (!(error instanceof TypeError)) throw error;
    throw new ChatError("invalid", "Page cursor is invalid", { cause: error });
  }
  return { items };
}
