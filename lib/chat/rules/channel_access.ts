/**
 * Who may change what about a channel, over any backend: file a request
 * for it, decide on requests and set its slow mode (who may use it is
 * `access.ts`). Backends store the outcome with conditional writes; the
 * decisions are made here once.
 *
 * Ownership comes first: a non-owner's decision is refused as `forbidden`
 * before anything about the channel's requests is read, so the answer
 * never reveals who asked to join a private channel.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import { fail, ok, type Result } from "../model/result.ts";
import type { Channel, JoinRequest } from "../model/types.ts";
import { isOwner } from "./access.ts";
import { ownedChannel } from "./moderation.ts";

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

/**
 * Files `requester`'s request for `channel`, as just read (null: none).
 * Its owner may use it already, so their request is refused.
 */
export function requestAccess(
  backend: Backend,
  channel: Channel | null,
  requester: string,
): Promise<
  Result<
    JoinRequest,
    "not_found" | "already_member" | "already_pending" | "banned"
  >
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
  // A handover racing this may land first; slow mode stays the channel's.
  const updated = await backend.setSlowMode(change.channel, change.seconds);
  return updated ? ok(updated) : fail("not_found");
}
