/**
 * Direct conversations in the browser. A conversation is a room like the
 * others on the page, named `@peer` (no channel name can start with `@`),
 * so messages, drafts, pending messages and unread counts need nothing
 * new; only the frames that show, read and write a room differ, and this
 * file chooses them. `/chat/@peer` is its URL.
 *
 * @module
 */
import { signal } from "@preact/signals";
import type { ChatMessage } from "./messages.ts";

/** One of the user's conversations, newest message first in the list. */
export interface ConversationInfo {
  peer: string;
  lastId: number;
  lastAt: number;
}

/** The user's conversations, most recent first; null until loaded. */
export const conversations = signal<ConversationInfo[] | null>(null);
/** Names the user blocks, in lower case. */
export const blocked = signal<string[]>([]);

/** The room of the conversation with `peer`. */
export function directRoom(peer: string): string {
  return `@${peer}`;
}

/** The other participant when `room` is a conversation, else null. */
export function peerOf(room: string | null): string | null {
  return room?.startsWith("@") ? room.slice(1) : null;
}

/** The frame that enters `room` (null: the general chat). */
export function enterFrame(room: string | null): Record<string, unknown> {
  const peer = peerOf(room);
  if (peer !== null) return { type: "dm", name: peer };
  return room === null ? { type: "leave" } : { type: "join", channel: room };
}

/** A `history` frame for `room`, with `query` (before, after, limit). */
export function historyFrame(
  room: string | null,
  query: Record<string, number>,
): Record<string, unknown> {
  const peer = peerOf(room);
  return peer === null
    ? { type: "history", channel: room, ...query }
    : { type: "history", dm: peer, ...query };
}

/** The frame that says `text` in `room`. */
export function sayFrame(
  room: string | null,
  text: string,
): Record<string, unknown> {
  const peer = peerOf(room);
  return peer === null
    ? { type: "say", text, channel: room }
    : { type: "msg", to: peer, text };
}

/** The room a `room` or `history` frame is about. */
export function roomOfFrame(f: { channel?: string | null; dm?: string }) {
  return f.dm === undefined ? f.channel ?? null : directRoom(f.dm);
}

/** A `direct` frame as a message of its conversation, seen by `me`. */
export function directMessage(
  f: {
    id: number;
    sender: string;
    recipient: string;
    sentAt: number;
    text: string;
  },
  me: string,
): ChatMessage {
  const mine = f.sender.toLowerCase() === me.toLowerCase();
  return {
    id: f.id,
    sender: f.sender,
    sentAt: f.sentAt,
    text: f.text,
    channel: directRoom(mine ? f.recipient : f.sender),
  };
}

/** Puts a conversation at the top of the list, as its newest message says. */
export function noteConversation(item: ConversationInfo): void {
  const list = conversations.value ?? [];
  const key = item.peer.toLowerCase();
  const old = list.find((c) => c.peer.toLowerCase() === key);
  if (old && old.lastId >= item.lastId) return;
  conversations.value = sortConversations([
    ...list.filter((c) => c !== old),
    item,
  ]);
}

/** Most recent first, then by name. */
export function sortConversations(
  list: ConversationInfo[],
): ConversationInfo[] {
  return [...list].sort((a, b) =>
    b.lastAt - a.lastAt || a.peer.localeCompare(b.peer)
  );
}

/** Whether the user blocks `name`. */
export function isBlocked(name: string): boolean {
  return blocked.value.includes(name.toLowerCase());
}
