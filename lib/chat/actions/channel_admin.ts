/**
 * The owner's side of channels: creating one within the channels-per-owner
 * limit (and announcing it), and setting its slow mode. Kept out of
 * `connection.ts` so each file holds one concept; `Connection` delegates
 * here.
 *
 * @module
 */
import { CHANNELS_TOPIC, roomTopic } from "../model/topics.ts";
import type { Hub } from "../session/hub.ts";
import { ChatError } from "../model/errors.ts";
import { noSuchChannel } from "../rules/failures.ts";
import { countOwnedChannels } from "./owned_count.ts";
import { setSlowMode } from "../rules/channel_access.ts";
import {
  MAX_SLOW_MODE_SECONDS,
  oneMessageEvery,
} from "../throttle/slow_mode.ts";
import type { Channel } from "../model/types.ts";
import { EXISTING_NAME, validateChannelName } from "../rules/validation.ts";
import { nameRule } from "../rules/limits.ts";

/** Creates channel `name` owned by `owner`, refusing past the owner limit. */
export async function createOwnedChannel(
  hub: Hub,
  owner: string,
  name: string,
): Promise<Channel> {
  const clean = validateChannelName(name, nameRule(hub.limits));
  const backend = hub.backend;
  const max = hub.limits.maxChannelsPerOwner;
  // Checked before creating: concurrent creations by one owner may each
  // pass, so the limit can be overshot by the creations in flight.
  const result = await hub.guard("Channel not created", async () => {
    if (
      max > 0 &&
      await countOwnedChannels(backend, owner, { stopAt: max }) >= max
    ) {
      throw new ChatError("limit", `You own ${max} channels, the limit`);
    }
    return backend.registerChannel(clean, owner);
  });
  if (!result.ok) {
    throw new ChatError("taken", `Channel #${clean} already exists`);
  }
  // Every logged-in connection, on every instance, learns of it at once.
  await hub.publish(CHANNELS_TOPIC, {
    type: "channel_created",
    channel: result.value,
  });
  return result.value;
}

/**
 * Sets a channel's slow mode for its owner `by`, applies it on this
 * instance at once and tells the channel (other instances re-read it).
 */
export async function changeSlowMode(
  hub: Hub,
  by: string,
  change: { name: string; seconds: number },
): Promise<Channel> {
  const clean = validateChannelName(change.name, EXISTING_NAME);
  const { seconds } = change;
  if (
    !Number.isInteger(seconds) || seconds < 0 ||
    seconds > MAX_SLOW_MODE_SECONDS
  ) {
    throw new ChatError(
      "invalid",
      `Slow mode is 0 (off) to ${MAX_SLOW_MODE_SECONDS} seconds`,
    );
  }
  const result = await hub.guard(
    "Slow mode not set",
    () => setSlowMode(hub.backend, { channel: clean, seconds, by }),
  );
  if (!result.ok) {
    throw result.reason === "not_found" ? noSuchChannel(clean) : new ChatError(
      "forbidden",
      `Only the owner of #${clean} may set slow mode`,
    );
  }
  const channel = result.value;
  hub.slowMode.remember(channel);
  await Promise.all([
    hub.publish(roomTopic(channel.name), {
      type: "system",
      text: seconds === 0
        ? `Slow mode is off in #${channel.name}`
        : `Slow mode in #${channel.name}: ${oneMessageEvery(seconds)}`,
    }),
    hub.publish(CHANNELS_TOPIC, { type: "channel_updated", channel }),
  ]);
  return channel;
}
