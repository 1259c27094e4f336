/**
 * A connection's channel moderation: what an owner does to members
 * (remove, ban, unban, list bans, hand over), what a member does for
 * themselves (leave for good), and the members list. Kept apart from
 * `Connection` so it stays one concept; reached as `conn.moderation`.
 *
 * @module
 */
import type {
  Channel,
  JoinRequest,
  ListPage,
  ListQuery,
} from "../model/types.ts";
import {
  bannedFrom,
  handOver,
  leaveForGood,
  moderateMember,
} from "../actions/moderation.ts";
import { channelMembers, type Members } from "../actions/membership.ts";
import type { Hub } from "./hub.ts";

/** Moderation acts of one logged-in participant. */
export class ChannelModeration {
  #hub: Hub;
  #who: () => string;

  /** Acts as whoever `who` names (it throws when nobody is logged in). */
  constructor(hub: Hub, who: () => string) {
    this.#hub = hub;
    this.#who = who;
  }

  /** Takes `name`'s access to a channel this participant owns. */
  remove(channel: string, name: string): Promise<JoinRequest> {
    return this.#act("remove", channel, name);
  }

  /** Removes `name` and refuses their requests until unbanned. */
  ban(channel: string, name: string): Promise<JoinRequest> {
    return this.#act("ban", channel, name);
  }

  /** Lifts `name`'s ban; they may ask again. */
  unban(channel: string, name: string): Promise<JoinRequest> {
    return this.#act("unban", channel, name);
  }

  /** A page of those banned from a channel this participant owns. */
  bans(channel: string, query?: ListQuery): Promise<ListPage<JoinRequest>> {
    return bannedFrom(this.#hub, this.#who(), channel, query);
  }

  /** Gives up this participant's access to `channel`. */
  part(channel: string): Promise<JoinRequest> {
    return leaveForGood(this.#hub, this.#who(), channel);
  }

  /** The owner and a page of members of a channel this participant may use. */
  members(channel: string, query?: ListQuery): Promise<Members> {
    return channelMembers(this.#hub, this.#who(), channel, query);
  }

  /** Hands a channel this participant owns to its member `to`. */
  transfer(channel: string, to: string): Promise<Channel> {
    return handOver(this.#hub, this.#who(), { channel, to });
  }

  #act(
    kind: "remove" | "ban" | "unban",
    channel: string,
    name: string,
  ): Promise<JoinRequest> {
    return moderateMember(this.#hub, this.#who(), { kind, channel, name });
  }
}
