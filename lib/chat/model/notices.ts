/**
 * Notices: what a participant is told about things done to them or for
 * them (a request to decide, a decision, a removal, a ban, a handover, new
 * direct messages). The one rule: a notice delivered live counts as seen;
 * otherwise it is shown at the next login; never both. So each is stored
 * in its recipient's inbox before it is published, and whichever shows it
 * first (a live connection, or the login catch-up) acknowledges it.
 *
 * @module
 */
import type { JoinRequest } from "./types.ts";

/** Why a participant lost access to a channel. */
export type LossReason = "removed" | "banned" | "left";

/** Something a participant is told, live or at their next login. */
export type Notice =
  /** To a channel's owner: someone asks to join. */
  | { type: "join_request"; request: JoinRequest }
  /** To a requester: the owner granted or denied their request. */
  | { type: "access_changed"; request: JoinRequest }
  /** To a member: `by` removed or banned them, or they left themselves. */
  | { type: "access_lost"; channel: string; by: string; reason: LossReason }
  /** To a banned participant: `by` lifted the ban. */
  | { type: "unbanned"; channel: string; by: string }
  /** To a member: `by` handed them the channel. */
  | { type: "owner_changed"; channel: string; by: string }
  /** To a participant: `count` direct messages from `from` came meanwhile. */
  | { type: "direct_unread"; from: string; count: number };

/** A notice in a participant's inbox, numbered 1, 2, 3, … per inbox. */
export interface StoredNotice {
  id: number;
  notice: Notice;
}

/** One page of an inbox, oldest first. */
export interface NoticePage {
  notices: StoredNotice[];
  /** True when more unacknowledged notices follow this page. */
  hasMore: boolean;
}
