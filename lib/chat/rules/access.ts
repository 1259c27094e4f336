/**
 * How a participant stands towards a channel: the one rule every path
 * (live delivery, history, catch-up, read markers, channel lists, the
 * members list, and every backend's `isMember`) decides membership by.
 *
 * @module
 */
import type { Channel, JoinRequest, Standing } from "../model/types.ts";
import { nameKey } from "../ports/backend.ts";

/** Where a participant stands towards one channel. */
export type Access =
  | "owner"
  | "member"
  | "pending"
  | "denied"
  | "banned"
  | "none";

/** Whether `name` owns `channel` (names compare in any case). */
export function isOwner(
  channel: Pick<Channel, "owner">,
  name: string,
): boolean {
  return nameKey(channel.owner) === nameKey(name);
}

/**
 * `name`'s access to `channel`, given their standing there (if any).
 * Backends decide `isMember` by it too, from what they read at once.
 */
export function accessOf(
  channel: Pick<Channel, "owner">,
  name: string,
  request?: Pick<JoinRequest, "state"> | null,
): Access {
  if (isOwner(channel, name)) return "owner";
  switch (request?.state) {
    case "granted":
      return "member";
    case "pending":
    case "denied":
    case "banned":
      return request.state;
    default:
      // Removed, left, or never asked: free to ask.
      return "none";
  }
}

/** Whether an access lets its holder read and write the channel. */
export function mayUse(access: Access): boolean {
  return access === "owner" || access === "member";
}

/** Why a new request is refused for each standing that refuses one. */
export const FILING_REFUSALS = {
  granted: "already_member",
  pending: "already_pending",
  banned: "banned",
} as const;

/** A request `requester` files now for `channel`: pending, undecided. */
export function pendingRequest(
  channel: Channel,
  requester: string,
  requestedAt = Date.now(),
): JoinRequest {
  return {
    channel: channel.name,
    requester,
    state: "pending",
    requestedAt,
    decidedAt: null,
  };
}

/** The refusal of a request from someone of this standing, or null to file it. */
export function filingRefusal(
  state: Standing | undefined | null,
): "already_member" | "already_pending" | "banned" | null {
  return state && Object.hasOwn(FILING_REFUSALS, state)
    ? FILING_REFUSALS[state as keyof typeof FILING_REFUSALS]
    : null;
}
