/**
 * How a participant stands towards a channel: the one rule every path
 * (live delivery, history, channel lists) decides membership by.
 *
 * @module
 */
import type { Channel, JoinRequest } from "../model/types.ts";
import { nameKey } from "../ports/backend.ts";

/** Where a participant stands towards one channel. */
export type Access = "owner" | "member" | "pending" | "denied" | "none";

/** Whether `name` owns `channel` (names compare in any case). */
export function isOwner(
  channel: Pick<Channel, "owner">,
  name: string,
): boolean {
  return nameKey(channel.owner) === nameKey(name);
}

/**
 * `name`'s access to `channel`, given their request for it (if any).
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
      return request.state;
    default:
      return "none";
  }
}

/** Whether an access lets its holder read and write the channel. */
export function mayUse(access: Access): boolean {
  return access === "owner" || access === "member";
}
