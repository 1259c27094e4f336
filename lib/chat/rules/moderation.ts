/**
 * Who may change someone's standing in a channel, and to what, over any
 * backend: the owner removes, bans and unbans; a member leaves; the owner
 * hands the channel to a member. Backends store the outcome with one
 * conditional write (`changeStanding`, `transferChannel`); the decisions
 * are made here once.
 *
 * Ownership comes first, as for join requests (`channel_access.ts`): a
 * non-owner is refused as `forbidden` before anything about the target is
 * read, so the answer never reveals who is a member of a private channel.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import { fail, ok, type Result } from "../model/result.ts";
import type {
  Channel,
  JoinRequest,
  JoinRequestState,
  Standing,
} from "../model/types.ts";
import { isOwner } from "./access.ts";

/** What an owner may do to someone's standing. */
export type ModerationKind = "remove" | "ban" | "unban";

/** Each act: the standings it applies to, and the one it leaves. */
export const STANDING_CHANGES: Record<
  ModerationKind | "part",
  { from: readonly Standing[]; to: JoinRequestState }
> = {
  remove: { from: ["granted"], to: "removed" },
  // Anyone not yet banned, even without a request: a ban may come first.
  ban: {
    from: ["none", "pending", "granted", "denied", "removed", "left"],
    to: "banned",
  },
  // A lifted ban leaves them free to ask again, like a removal.
  unban: { from: ["banned"], to: "removed" },
  part: { from: ["granted"], to: "left" },
};

/** An owner's act on `name` in `channel`. */
export interface Moderation {
  kind: ModerationKind;
  channel: string;
  name: string;
  by: string;
}

/** Why a moderation act was refused. */
export type ModerationRefusal =
  | "not_found"
  | "forbidden"
  | "no_participant"
  | "is_owner"
  | "unchanged";

/**
 * Applies an owner's act. `forbidden` for anyone but the owner, whatever
 * the target; `is_owner` when the owner names themselves; `unchanged` when
 * the target's standing does not allow it (not a member, not banned, …).
 */
export async function moderate(
  backend: Backend,
  act: Moderation,
): Promise<Result<JoinRequest, ModerationRefusal>> {
  const owned = await ownedChannel(backend, act.channel, act.by);
  if (!owned.ok) return owned;
  if (isOwner(owned.value, act.name)) return fail("is_owner");
  const target = await backend.getParticipant(act.name);
  if (!target) return fail("no_participant");
  const change = STANDING_CHANGES[act.kind];
  const result = await backend.changeStanding(owned.value, {
    name: target.name,
    ...change,
  });
  return result.ok ? result : fail("unchanged");
}

/**
 * `name` gives up their access to `channel`. Its owner cannot (they hand
 * it over first); anyone not a member gets `not_member`.
 */
export async function partChannel(
  backend: Backend,
  leave: { channel: string; name: string },
): Promise<Result<JoinRequest, "not_found" | "is_owner" | "not_member">> {
  const channel = await backend.getChannel(leave.channel);
  if (!channel) return fail("not_found");
  if (isOwner(channel, leave.name)) return fail("is_owner");
  const result = await backend.changeStanding(channel, {
    name: leave.name,
    ...STANDING_CHANGES.part,
  });
  return result.ok ? result : fail("not_member");
}

/**
 * Hands `channel` from its owner `by` to the member `to`. `forbidden` for
 * anyone but the owner; `not_member` unless `to` may use it now.
 */
export async function transferOwnership(
  backend: Backend,
  handover: { channel: string; to: string; by: string },
): Promise<
  Result<
    Channel,
    "not_found" | "forbidden" | "no_participant" | "is_owner" | "not_member"
  >
> {
  const owned = await ownedChannel(backend, handover.channel, handover.by);
  if (!owned.ok) return owned;
  const channel = owned.value;
  if (isOwner(channel, handover.to)) return fail("is_owner");
  const [target, member] = await Promise.all([
    backend.getParticipant(handover.to),
    backend.isMember(channel.name, handover.to),
  ]);
  if (!target) return fail("no_participant");
  if (!member) return fail("not_member");
  const moved = await backend.transferChannel(channel, target.name);
  // Lost to a concurrent handover: whoever won owns it, not `by`.
  return moved.ok ? moved : fail("forbidden");
}

/** The channel `name` if `by` owns it; `not_found` or `forbidden` else. */
export async function ownedChannel(
  backend: Backend,
  name: string,
  by: string,
): Promise<Result<Channel, "not_found" | "forbidden">> {
  const channel = await backend.getChannel(name);
  if (!channel) return fail("not_found");
  return isOwner(channel, by) ? ok(channel) : fail("forbidden");
}
