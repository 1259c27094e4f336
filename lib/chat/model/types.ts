/**
 * Domain types of the chat core. Plain data: every transport and backend
 * speaks these, and none of them carries behaviour.
 *
 * @module
 */

/** A registered person, as the rest of the server may see them (no credential). */
export interface Participant {
  /** Display name, case preserved; uniqueness is case-insensitive. */
  name: string;
  email: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** When they last logged in; `null` before their first login. */
  lastLoginAt: number | null;
}

/**
 * A participant with the credential that authenticates them: what storage
 * keeps per account. The credential is a salted PBKDF2 hash of the client's
 * digest (`hashPassword`), and never leaves the core's account rules.
 */
export interface Account {
  participant: Participant;
  credential: string;
}

/** A message in the general chat (`channel: null`) or in one channel. */
export interface Message {
  /** Per-room sequence number: strictly increasing, starts at 1, no reuse. */
  id: number;
  sender: string;
  /** Milliseconds since the epoch, stamped by the server. */
  sentAt: number;
  text: string;
  /** Channel name, or `null` for the general chat. */
  channel: string | null;
}

/** What a caller hands to `Backend.storeMessage`; the backend assigns the id. */
export type MessageDraft = Omit<Message, "id">;

/** A participant on a list, marked online (on any instance) or not. */
export interface Presence {
  name: string;
  online: boolean;
}

/** A channel and the participant who created, and so owns, it. */
export interface Channel {
  name: string;
  owner: string;
  createdAt: number;
  /** Seconds each participant but the owner waits between messages; 0 is off. */
  slowModeSeconds: number;
}

/**
 * Where a participant stands towards someone else's channel, as stored:
 * asking (`pending`), let in (`granted`), refused (`denied`), put out by the
 * owner or a ban lifted (`removed`), gone of their own will (`left`), or
 * kept out until unbanned (`banned`). Only `granted` lets them in
 * (`rules/access.ts`).
 */
export type JoinRequestState =
  | "pending"
  | "granted"
  | "denied"
  | "removed"
  | "left"
  | "banned";

/**
 * A participant's standing in someone else's channel: their request and
 * whatever happened to it since (one record per participant and channel).
 */
export interface JoinRequest {
  channel: string;
  requester: string;
  state: JoinRequestState;
  requestedAt: number;
  /** When the state last changed after the request; `null` while pending. */
  decidedAt: number | null;
}

/** A stored standing, or `none` when a participant has no record. */
export type Standing = JoinRequestState | "none";

/**
 * A conditional change of one participant's standing in a channel: it
 * happens only if their standing is now one of `from`.
 */
export interface StandingChange {
  name: string;
  from: readonly Standing[];
  to: JoinRequestState;
}

/** The standings a channel lists by name: its members and its bans. */
export type RosterState = "granted" | "banned";

/** A private message between exactly two participants. */
export interface DirectMessage {
  /** Per-conversation sequence number: strictly increasing, starts at 1. */
  id: number;
  sender: string;
  recipient: string;
  /** Milliseconds since the epoch, stamped by the server. */
  sentAt: number;
  text: string;
}

/** What a caller hands to `Backend.storeDirect`; the backend assigns the id. */
export type DirectDraft = Omit<DirectMessage, "id">;

/** One side's view of a direct conversation, for its owner's list. */
export interface Conversation {
  /** The other participant. */
  peer: string;
  /** The conversation's newest message id. */
  lastId: number;
  /** When that message was sent. */
  lastAt: number;
}

/** A participant someone blocked, and when. */
export interface Block {
  name: string;
  at: number;
}

/** A direct conversation, named from one side by the other participant. */
export interface Direct {
  peer: string;
}

/**
 * A place messages are kept and read markers point into: the general chat
 * (`null`), a channel (its name) or a direct conversation (`{peer}`, seen
 * from the participant whose marker or history it is).
 */
export type Room = string | null | Direct;

/** Whether a room is a direct conversation. */
export function isDirect(room: Room): room is Direct {
  return typeof room === "object" && room !== null;
}

/** Whether two rooms are the same, names compared in any case. */
export function sameRoom(a: Room, b: Room): boolean {
  if (isDirect(a) || isDirect(b)) {
    return isDirect(a) && isDirect(b) &&
      a.peer.toLowerCase() === b.peer.toLowerCase();
  }
  return a === b ||
    (a !== null && b !== null && a.toLowerCase() === b.toLowerCase());
}

/**
 * A bounded window on a room's history, as callers ask for it; backends
 * read it only through `historyWindow` (`rules/history_window.ts`).
 */
export interface HistoryQuery {
  /** At most this many messages; clamped to `1..MAX_PAGE`, default 50. */
  limit?: number;
  /** Only messages with an id below this (older page). */
  before?: number;
  /** Only messages with an id above this (catching up); wins over `before`. */
  after?: number;
}

/** One page of history, oldest first. */
export interface HistoryPage<M = Message> {
  messages: M[];
  /** True when more messages exist beyond this page in the direction asked. */
  hasMore: boolean;
}

/** A bounded window on a name-ordered list (participants, channels). */
export interface ListQuery {
  limit?: number;
  /** The `next` cursor of the previous page (opaque to callers). */
  after?: string;
}

/** One page of a name-ordered list. */
export interface ListPage<T> {
  items: T[];
  /** Pass as `after` to get the next page; absent on the last page. */
  next?: string;
}

/** The most items one backend call ever returns. */
export const MAX_PAGE = 200;
/** The page size used when a caller gives none. */
export const DEFAULT_PAGE = 50;

/** Clamps a requested page size into `1..MAX_PAGE`. */
export function pageLimit(limit?: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE;
  return Math.max(1, Math.min(MAX_PAGE, Math.trunc(limit)));
}

/** A sign-in: one browser session or API token, revocable in storage. */
export interface SignIn {
  /** Random, 22 characters of base64url (128 bits). */
  id: string;
  /** The participant, as they are named. */
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** After this (ms since the epoch) the sign-in is void. */
  expiresAt: number;
}
