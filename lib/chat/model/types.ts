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

/** A channel and the participant who created, and so owns, it. */
export interface Channel {
  name: string;
  owner: string;
  createdAt: number;
  /** Seconds each participant but the owner waits between messages; 0 is off. */
  slowModeSeconds: number;
}

/** Where a join request stands. */
export type JoinRequestState = "pending" | "granted" | "denied";

/** A participant's request to use someone else's channel. */
export interface JoinRequest {
  channel: string;
  requester: string;
  state: JoinRequestState;
  requestedAt: number;
  /** When the owner granted or denied it; `null` while pending. */
  decidedAt: number | null;
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
export interface HistoryPage {
  messages: Message[];
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
