/**
 * Membership checks and lists: whether a participant may use a channel,
 * and every listed channel with the participant's access to it, found with
 * one query for the participant's requests instead of one per channel.
 *
 * @module
 */
import type { Hub } from "../session/hub.ts";
import type {
  Channel,
  JoinRequest,
  ListPage,
  ListQuery,
  Presence,
} from "../model/types.ts";
import { nameKey } from "../ports/backend.ts";
import { everyItem } from "./every_page.ts";
import { type Access, accessOf, isOwner } from "../rules/access.ts";
import { noSuchChannel, notAMember } from "../rules/failures.ts";
import { EXISTING_NAME, validateChannelName } from "../rules/validation.ts";

/** A channel with where the asking participant stands in it. */
export interface ChannelAccess {
  name: string;
  owner: string;
  access: Access;
}

/** The channel `name` if `who` may use it; throws `not_found` or `forbidden`. */
export async function requireMember(
  hub: Hub,
  who: string,
  name: string,
): Promise<Channel> {
  const clean = validateChannelName(name, EXISTING_NAME);
  const backend = hub.backend;
  const [channel, member] = await hub.guard(
    "Channel unavailable",
    () =>
      Promise.all([backend.getChannel(clean), backend.isMember(clean, who)]),
  );
  if (!channel) throw noSuchChannel(clean);
  if (!member) throw notAMember(channel.name);
  return channel;
}

/** A channel's owner and a page of its members, each marked online or not. */
export interface Members {
  channel: Channel;
  owner: Presence;
  members: ListPage<Presence>;
}

/** The owner and a page of the members of channel `name`; members only. */
export async function channelMembers(
  hub: Hub,
  who: string,
  name: string,
  query?: ListQuery,
): Promise<Members> {
  const channel = await requireMember(hub, who, name);
  const page = await hub.guard(
    "Member list unavailable",
    () => hub.backend.listRoster(channel.name, "granted", query),
  );
  // A handed-over channel's new owner keeps their member record.
  const names = page.items.map((r) => r.requester)
    .filter((n) => !isOwner(channel, n));
  const online = await hub.onlineAmong([channel.owner, ...names]);
  const mark = (n: string) => ({ name: n, online: online.has(nameKey(n)) });
  return {
    channel,
    owner: mark(channel.owner),
    members: {
      items: names.map(mark),
      ...(page.next ? { next: page.next } : {}),
    },
  };
}

/**
 * Whether `who` may still use `channel`, for a connection whose check is
 * older than the staleness bound (a lost removal event).
 */
export function stillMember(
  hub: Hub,
  who: string,
  channel: string,
): Promise<boolean> {
  return hub.guard(
    "Message not sent",
    () => hub.backend.isMember(channel, who),
  );
}

/** A page of channels, each marked with `who`'s access to it. */
export async function channelsWithAccess(
  hub: Hub,
  who: string,
  query?: ListQuery,
): Promise<ChannelAccess[]> {
  const backend = hub.backend;
  const [page, requests] = await hub.guard(
    "Channel list unavailable",
    () => Promise.all([backend.listChannels(query), requestsBy(hub, who)]),
  );
  return page.items.map((c) => ({
    name: c.name,
    owner: c.owner,
    access: accessOf(c, who, requests.get(nameKey(c.name))),
  }));
}

/**
 * Every request `who` made, by channel key: a few pages at most, since
 * each request is one channel.
 */
export async function requestsBy(
  hub: Hub,
  who: string,
): Promise<Map<string, JoinRequest>> {
  const out = new Map<string, JoinRequest>();
  const all = everyItem((query) => hub.backend.listRequestsBy(who, query));
  for await (const r of all) out.set(nameKey(r.channel), r);
  return out;
}
