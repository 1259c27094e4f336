/**
 * Who may do what with a channel, over any backend: who may use it, file a
 * request for it, decide on requests and set its slow mode. Backends store
 * the outcome with conditional writes; the decisions are made here once.
 *
 * Ownership comes first: a non-owner's decision is refused as `forbidden`
 * before anything about the channel's requests is read, so the answer
 * never reveals who asked to join a private channel.
 *
 * @module
 */
import { type Backend, nameKey } from "../backend.ts";
import { fail, ok, type Result } from "../result.ts";
import type { Channel, JoinRequest } from "../types.ts";

/** A grant or denial by `by` of `requester`'s request for `channel`. */
export interface Decision {
  channel: string;
  requester: string;
  by: string;
  grant: boolean;
}

/** A slow-mode change by `by`; `seconds` already validated. */
export interface SlowModeChange {
  channel: string;
  seconds: number;
  by: string;
}

/** Whether `name` owns `channel` (names compare in any case). */
export function isOwner(
  channel: Pick<Channel, "owner">,
  name: string,
): boolean {
  return nameKey(channel.owner) === nameKey(name);
}

/**
 * Whether `name` may use a channel: it exists and they own it or were
 * granted. Backends call it with what they read for `isMember`: the
 * channel (null: none) and the state of `name`'s request (none: absent).
 */
export function mayUse(
  channel: Pick<Channel, "owner"> | null,
  request: { state?: string | null } | null | undefined,
  name: string,
): boolean {
  if (!channel) return false;
  return isOwner(channel, name) || request?.state === "granted";
}

/**
 * Files `requester`'s request for `channel`, as just read (null: none).
 * Its owner may use it already, so their request is refused.
 */
export function requestAccess(
  backend: Backend,
  channel: Channel | null,
  requester: string,
): Promise<
  Result<JoinRequest, "not_found" | "already_member" | "already_pending">
> {
  if (!channel) return Promise.resolve(fail("not_found"));
  if (isOwner(channel, requester)) {
    return Promise.resolve(fail("already_member"));
  }
  return backend.fileRequest(channel, requester);
}

/**
 * Records the owner's decision on a pending request. `forbidden` for
 * anyone but the owner, whether or not the request exists.
 */
export async function decideRequest(
  backend: Backend,
  decision: Decision,
): Promise<Result<JoinRequest, "not_found" | "forbidden" | "not_pending">> {
  const owned = await ownedChannel(backend, decision.channel, decision.by);
  if (!owned.ok) return owned;
  const { requester, grant } = decision;
  return await backend.recordDecision(owned.value, { requester, grant });
}

/** Sets a channel's slow mode; only its owner may. */
export async function setSlowMode(
  backend: Backend,
  change: SlowModeChange,
): Promise<Result<Channel, "not_found" | "forbidden">> {
  const owned = await ownedChannel(backend, change.channel, change.by);
  if (!owned.ok) return owned;
  // Channels are never deleted nor handed over: the owner read holds.
  const updated = await backend.setSlowMode(change.channel, change.seconds);
  return updated ? ok(updated) : fail("not_found");
}

async function ownedChannel(
  backend: Backend,
  name: string,
  by: string,
): Promise<Result<Channel, "not_found" | "forbidden">> {
  const channel = await backend.getChannel(name);
  if (!channel) return fail("not_found");
  return isOwner(channel, by) ? ok(channel) : fail("forbidden");
}
