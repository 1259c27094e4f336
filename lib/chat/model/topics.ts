/**
 * The names of bus topics: one per room, one per participant (every
 * connection they hold), one for presence changes and one for new channels.
 *
 * @module
 */

/** The bus topic of the general chat (`null`) or a channel. */
export function roomTopic(channel: string | null): string {
  return channel === null ? "room:" : `room:#${channel.toLowerCase()}`;
}

/** The channel (lowercase) whose room topic is `topic`, or null. */
export function topicChannel(topic: string): string | null {
  return topic.startsWith("room:#") ? topic.slice("room:#".length) : null;
}

/** The bus topic that reaches every connection of one participant. */
export function userTopic(name: string): string {
  return `user:${name.toLowerCase()}`;
}

/** The bus topic of online/offline changes. */
export const PRESENCE_TOPIC = "presence";

/** The bus topic of channel creations, for every logged-in connection. */
export const CHANNELS_TOPIC = "channels";
