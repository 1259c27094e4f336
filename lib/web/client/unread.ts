/**
 * Unread counts: seeded from the server's read markers (`unread` frame),
 * then kept live from the messages of the user's other rooms, which the
 * socket receives once it asked for the counts. Entering a room clears
 * its count, and reading it anywhere else (another tab or device, telnet)
 * clears it here too, live (`read` frame). The tab title carries the
 * total: `(3) Parley`.
 *
 * @module
 */
import { effect } from "@preact/signals";
import { type ChatMessage, roomKey, sameRoom } from "./messages.ts";
import { me, room, unread } from "./state.ts";
import { mentionsName } from "./text.ts";

/** A room's count as the server sends it. */
export interface UnreadItem {
  channel: string | null;
  count: number;
  mentions: number;
  lastId: number;
}

// The newest id counted per room, so no message is counted twice.
const counted = new Map<string, number>();
// The newest id the server's counts covered per room: a read below it
// leaves an unknown part of that count unread.
const seeded = new Map<string, number>();
// Messages counted live, newest last: one may arrive before the server's
// counts, stored after it counted (its id is above that count's `lastId`).
const arrivals = new Map<string, { id: number; mention: boolean }[]>();

/** Takes the server's counts (plus later arrivals); the room on screen stays at zero. */
export function setUnread(items: UnreadItem[]): void {
  // Conversations are counted apart (`setDirectUnread`): keep theirs.
  const next: Record<string, { count: number; mentions: number }> = Object
    .fromEntries(
      Object.entries(unread.value).filter(([key]) => key.startsWith("@")),
    );
  for (const item of items) {
    const key = roomKey(item.channel);
    counted.set(key, Math.max(counted.get(key) ?? 0, item.lastId));
    seeded.set(key, item.lastId);
    const later = (arrivals.get(key) ?? []).filter((a) => a.id > item.lastId);
    const count = item.count + later.length;
    if (count > 0 && !sameRoom(item.channel, room.value)) {
      const mentions = item.mentions + later.filter((a) => a.mention).length;
      next[key] = { count, mentions };
    }
  }
  unread.value = next;
}

/**
 * Takes the unread counts of the user's conversations (rooms `@peer`)
 * from the `conversations` frame, plus arrivals counted since.
 */
export function setDirectUnread(
  items: { room: string; count: number; lastId: number }[],
): void {
  const next = { ...unread.value };
  for (const item of items) {
    const key = roomKey(item.room);
    counted.set(key, Math.max(counted.get(key) ?? 0, item.lastId));
    seeded.set(key, item.lastId);
    const later = (arrivals.get(key) ?? []).filter((a) => a.id > item.lastId);
    const count = item.count + later.length;
    if (count > 0 && !sameRoom(item.room, room.value)) {
      next[key] = { count, mentions: 0 };
    } else delete next[key];
  }
  unread.value = next;
}

/** Counts a message that arrived, unless it was seen or is the user's own. */
export function countArrival(message: ChatMessage): void {
  const key = roomKey(message.channel);
  if (message.id <= (counted.get(key) ?? 0)) return;
  counted.set(key, message.id);
  if (
    sameRoom(message.channel, room.value) ||
    message.sender.toLowerCase() === me.value.toLowerCase()
  ) return;
  const was = unread.value[key] ?? { count: 0, mentions: 0 };
  const mention = mentionsName(message.text, me.value);
  const list = arrivals.get(key) ?? [];
  arrivals.set(key, [...list.slice(-199), { id: message.id, mention }]);
  unread.value = {
    ...unread.value,
    [key]: { count: was.count + 1, mentions: was.mentions + Number(mention) },
  };
}

/** Clears a room's count (the user is reading it). */
export function clearUnread(channel: string | null): void {
  const key = roomKey(channel);
  arrivals.delete(key);
  if (!(key in unread.value)) return;
  const { [key]: _, ...rest } = unread.value;
  unread.value = rest;
}

/**
 * The user has read `channel` up to `id` on some connection: only what
 * arrived after it stays unread. A read that stops short of the server's
 * counts changes nothing (which of those it covered is unknown here).
 */
export function readUpTo(channel: string | null, id: number): void {
  const key = roomKey(channel);
  if (id < (seeded.get(key) ?? 0) || !(key in unread.value)) return;
  const later = (arrivals.get(key) ?? []).filter((a) => a.id > id);
  arrivals.set(key, later);
  const { [key]: _, ...rest } = unread.value;
  unread.value = later.length === 0 ? rest : {
    ...rest,
    [key]: {
      count: later.length,
      mentions: later.filter((a) => a.mention).length,
    },
  };
}

/** The total of unread messages in every room. */
export function totalUnread(): number {
  return Object.values(unread.value).reduce((n, u) => n + u.count, 0);
}

/** Keeps the tab title as `(N) <title>` while N messages are unread. */
export function showUnreadInTitle(): void {
  const base = document.title.replace(/^\(\d+\) /, "");
  effect(() => {
    const total = totalUnread();
    document.title = total > 0 ? `(${total}) ${base}` : base;
  });
}
