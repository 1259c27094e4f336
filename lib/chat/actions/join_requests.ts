/**
 * Join requests from both sides: asking a channel's owner for access
 * within the pending-requests limit, the owner's grant or denial, and the
 * owner's list of pending requests. Kept out of `connection.ts` so each
 * file holds one concept; `Connection` delegates here.
 *
 * @module
 */
import type { Hub } from "../session/hub.ts";
import { notify } from "./notices.ts";
import { ChatError } from "../model/errors.ts";
import { decisionRefused, requestRefused } from "../rules/failures.ts";
import { countPending } from "./pending_count.ts";
import { decideRequest, requestAccess } from "../rules/channel_access.ts";
import type { JoinRequest, ListPage, ListQuery } from "../model/types.ts";
import { EXISTING_NAME, validateChannelName } from "../rules/validation.ts";

/** Files `requester`'s request for channel `name` and tells its owner. */
export async function sendJoinRequest(
  hub: Hub,
  requester: string,
  options: { name: string },
): Promise<JoinRequest> {
  const name = validateChannelName(options.name, EXISTING_NAME);
  const backend = hub.backend;
  const max = hub.limits.maxPendingPerChannel;
  // Counted before filing: requests in flight may each pass the count.
  const { channel, result } = await hub.guard("Request not sent", async () => {
    const channel = await backend.getChannel(name);
    if (
      channel && await countPending(backend, channel, { stopAt: max }) >= max
    ) {
      throw new ChatError(
        "limit",
        `#${channel.name} has ${max} requests waiting; try again later`,
      );
    }
    return {
      channel,
      result: await requestAccess(backend, channel, requester),
    };
  });
  if (!result.ok) throw requestRefused(result.reason, name);
  // Filed, so the channel was found: its owner hears of it, now or at
  // their next login.
  if (channel) {
    await notify(hub, channel.owner, {
      type: "join_request",
      request: result.value,
    });
  }
  return result.value;
}

/** Grants or denies a pending request as owner `by`; tells the requester. */
export async function decideJoinRequest(
  hub: Hub,
  by: string,
  decision: { channel: string; requester: string; grant: boolean },
): Promise<JoinRequest> {
  const { requester, grant } = decision;
  const name = validateChannelName(decision.channel, EXISTING_NAME);
  const result = await hub.guard(
    "Decision not saved",
    () => decideRequest(hub.backend, { channel: name, requester, by, grant }),
  );
  if (!result.ok) throw decisionRefused(result.reason, name, requester);
  await notify(hub, result.value.requester, {
    type: "access_changed",
    request: result.value,
  });
  return result.value;
}

/** A page of the pending requests for the channels `owner` owns. */
export function pendingJoinRequests(
  hub: Hub,
  owner: string,
  query?: ListQuery,
): Promise<ListPage<JoinRequest>> {
  return hub.guard(
    "Requests unavailable",
    () => hub.backend.listPendingRequests(owner, query),
  );
}
