/**
 * The browser's chat state: module-level signals every island reads, so
 * that islands hydrated separately share one view of the chat.
 *
 * @module
 */
import { signal } from "@preact/signals";
import type { ChatMessage } from "./messages.ts";

/** Where the socket stands, as the page shows it. */
export type Status =
  | "connecting"
  | "connected"
  | "reconnecting"
  | "idle"
  | "signed_out";

/** A channel and where the user stands towards it. */
export interface ChannelInfo {
  name: string;
  owner: string;
  access: "owner" | "member" | "pending" | "denied" | "banned" | "none";
}

/** A join request as the inbox shows it. */
export interface RequestInfo {
  channel: string;
  requester: string;
}

/** A room the user opened by URL but may not read. */
export interface Locked {
  channel: string;
  /** `forbidden`: private; `not_found`: no such channel. */
  reason: "forbidden" | "not_found";
}

/** A message typed here and not yet confirmed stored by the server. */
export interface Pending {
  /** Local key, also the frame's `ref`. */
  key: string;
  text: string;
  /** The room it was typed in. */
  channel: string | null;
  /** Why it is still waiting (e.g. "Slow down"), when it was refused. */
  waiting?: string;
}

/** Unread messages of one room, and how many of them mention the user. */
export interface Unread {
  count: number;
  mentions: number;
}

/** A short message for the user; `error` ones read as alerts. */
export interface Notice {
  text: string;
  error: boolean;
}

/** True in the browser, false while the server renders. */
export const IS_BROWSER = typeof document !== "undefined";
/** The signed-in participant. */
export const me = signal("");
/** The socket's state. */
export const status = signal<Status>("connecting");
/** The room on screen: a channel name, or null for the general chat. */
export const room = signal<string | null>(null);
/** A channel the page was opened on that the user may not read. */
export const locked = signal<Locked | null>(null);
/** The room's loaded messages, oldest first, no duplicate ids. */
export const messages = signal<ChatMessage[]>([]);
/** Messages typed and not yet stored, oldest first (every room). */
export const pending = signal<Pending[]>([]);
/** Whether older messages exist before the first loaded one. */
export const hasOlder = signal(false);
/** Whether a page of older messages is on its way. */
export const loadingOlder = signal(false);
/** Every channel, with the user's access. */
export const channels = signal<ChannelInfo[] | null>(null);
/** Unread counts by room key (`roomKey`), current room excluded. */
export const unread = signal<Record<string, Unread>>({});
/** Pending requests for the user's channels. */
export const requests = signal<RequestInfo[]>([]);
/** Participants, each marked online or not. */
export const participants = signal<
  Array<{ name: string; online: boolean }> | null
>(null);
/** The latest notice for the user; it clears itself after a few seconds. */
export const notice = signal<Notice | null>(null);
/** Whether the rooms-and-people drawer is open (phones). */
export const drawerOpen = signal(false);
/**
 * Set once every island is hydrated. Until then islands render exactly what
 * the server rendered (hydration patches no attributes); after it, what
 * only the browser knows: local times, drafts, pending messages.
 */
export const hydrated = signal(false);
