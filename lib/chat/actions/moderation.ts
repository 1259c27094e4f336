/**
 * Channel moderation as the session offers it: an owner removes, bans and
 * unbans; a member leaves for good; the owner hands the channel over; the
 * owner lists bans. Each act is stored first (`rules/moderation.ts`), then
 * its target is told through their inbox (`notices.ts`), which also moves
 * their connections on every instance out of the channel, and the channel
 * hears of it live.
 *
 * @module
 */
import { CHANNELS_TOPIC, roomTopic, userTopic } from "../model/topics.ts";
import type { Hub } from "../session/hub.ts";
import type {
  Channel,
  JoinRequest,
  ListPage,
  ListQuery,
} from "../model/types.ts";
import {
  moderate,
  type ModerationKind,
  ownedChannel,
  partChannel,
  transferOwnership,
} from "../rules/moderation.ts";
import {
  moderationRefused,
  partRefused,
  transferRefused,
} from "../rules/moderation_failures.ts";
import {
  EXISTING_NAME,
  validateChannelName,
  validateName,
} from "../rules/validation.ts";
import { ChatError } from "../model/errors.ts";
import { noSuchChannel } from "../rules/failures.ts";
import { notify } from "./notices.ts";

const WHAT: Record<ModerationKind, string> = {
  remove: "Member not removed",
  ban: "Ban not saved",
  unban: "Ban not lifted",
};

/** An owner `by` removes, bans or unbans `name` in a channel. */
export async function moderateMember(
  hub: Hub,
  by: string,
  act: { kind: ModerationKind; channel: string; name: string },
): Promise<JoinRequest> {
  const { kind } = act;
  const channel = validateChannelName(act.channel, EXISTING_NAME);
  const name = validateName(act.name, EXISTING_NAME);
  const result = await hub.guard(
    WHAT[kind],
    () => moderate(hub.backend, { kind, channel, name, by }),
  );
  if (!result.ok) {
    throw moderationRefused(result.reason, { kind, channel, name });
  }
  const request = result.value;
  const target = request.requester;
  const where = request.channel;
  if (kind === "unban") {
    await notify(hub, target, { type: "unbanned", channel: where, by });
    return request;
  }
  const reason = kind === "ban" ? "banned" : "removed";
  await notify(hub, target, {
    type: "access_lost",
    channel: where,
    by,
    reason,
  });
  await hub.publish(roomTopic(where), {
    type: "system",
    text: `${by} ${reason} ${target} from #${where}`,
  });
  return request;
}

/** `who` gives up their access to channel `name`; all their connections leave it. */
export async function leaveForGood(
  hub: Hub,
  who: string,
  name: string,
): Promise<JoinRequest> {
  const channel = validateChannelName(name, EXISTING_NAME);
  const result = await hub.guard(
    "Channel not left",
    () => partChannel(hub.backend, { channel, name: who }),
  );
  if (!result.ok) throw partRefused(result.reason, channel);
  const where = result.value.channel;
  // Their own act: every connection hears it now, none needs it later.
  await hub.publish(userTopic(who), {
    type: "access_lost",
    channel: where,
    by: who,
    reason: "left",
  });
  await hub.publish(roomTopic(where), {
    type: "system",
    text: `${who} left #${where}`,
  });
  return result.value;
}

/** The owner `by` hands channel `name` to its member `to`. */
export async function handOver(
  hub: Hub,
  by: string,
  handover: { channel: string; to: string },
): Promise<Channel> {
  const channel = validateChannelName(handover.channel, EXISTING_NAME);
  const to = validateName(handover.to, EXISTING_NAME);
  const result = await hub.guard(
    "Channel not handed over",
    () => transferOwnership(hub.backend, { channel, to, by }),
  );
  if (!result.ok) throw transferRefused(result.reason, { channel, to });
  const updated = result.value;
  // The owner is exempt from slow mode: this instance knows the new one now.
  hub.slowMode.remember(updated);
  await notify(hub, updated.owner, {
    type: "owner_changed",
    channel: updated.name,
    by,
  });
  await Promise.all([
    hub.publish(roomTopic(updated.name), {
      type: "system",
      text: `${by} handed #${updated.name} to ${updated.owner}`,
    }),
    // Every sidebar shows the owner, on every instance.
    hub.publish(CHANNELS_TOPIC, { type: "channel_updated", channel: updated }),
  ]);
  return updated;
}

/** A page of the participants banned from channel `name`; its owner only. */
export async function bannedFrom(
  hub: Hub,
  by: string,
  name: string,
  query?: ListQuery,
): Promise<ListPage<JoinRequest>> {
  const channel = validateChannelName(name, EXISTING_NAME);
  return await hub.guard("Ban list unavailable", async () => {
    const owned = await ownedChannel(hub.backend, channel, by);
    if (!owned.ok) {
      throw owned.reason === "not_found"
        ? noSuchChannel(channel)
        : new ChatError(
          "forbidden",
          `Only the owner of #${channel} may list its bans`,
        );
    }
    return await hub.backend.listRoster(owned.value.name, "banned", query);
  });
}
