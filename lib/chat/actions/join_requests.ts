/**
 * Join requests from both sides: asking a channel's owner for access
 * within the pending-requests limit, the owner's grant or denial, and the
 * owner's list of pending requests. Kept out of `connection.ts` so each
 * file holds one concept; `Connection` delegates here.
 *
 * @module
 */
import { userTopic } from "../model/topics.ts";
import type { Hub } from "../session/hub.ts";
import { ChatError } from "../model/errors.ts";
import { decisionRefused, requestRefused } from "../rules/failures.ts";
import { countPending } from "./pending_count.ts";
import type { JoinRequest, ListPage, ListQuery } from "../model/types.ts";
import { EXISTING_NAME, validateChannelName } from "../rules/validation.ts";

/** Files `requester`'s request for channel `name` and tells its owner. */
export async function sendJoinRequest(
  hub: Hub,
  requester: string,
  options: { name: string },
): Promise<JoinRequest> {
  const channel = validateChannelName(options.name, EXISTING_NAME);
  const backend = hub.backend;
  const max = hub.limits.maxPendingPerChannel;
  const result = await hub.guard("Request not sent", async () => {
    const found = await backend.getChannel(channel);
    if (found && await countPending(backend, found, { stopAt: max }) >= max) {
      throw new ChatError(
        "limit",
        `#${found.name} has ${max} requests waiting; try again later`,
      );
    }
    return backend.requestAccess(channel, requester);
  });
  if (!result.ok) throw requestRefused(result.reason, channel);
  const owner = (await hub.backend.getChannel(channel))?.owner;
  if (owner) {
    await hub.publish(userTopic(owner), {
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
    () => hub.backend.decideRequest(name, requester, { by, grant }),
  );
  if (!result.ok) throw decisionRefused(result.reason, name, requester);
  await hub.publish(userTopic(result.value.requester), {
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
