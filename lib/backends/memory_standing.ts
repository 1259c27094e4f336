/**
 * Standings in the in-memory backend: join requests and everything that
 * happens to them (decisions, removals, bans, leaving), the channel's
 * roster, and handing a channel over. One record per channel and
 * participant; the per-owner pending list and the rosters are read off the
 * records, so nothing can fall out of step.
 *
 * @module
 */
import {
  accessOf,
  type Channel,
  fail,
  filingRefusal,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  mayUse,
  nameKey,
  ok,
  pendingRequest,
  type RosterState,
  type StandingChange,
} from "../chat/mod.ts";
import { pageSorted } from "./paging.ts";

/** Where `MemoryStanding` reads channels and their owners. */
export interface ChannelTable {
  /** Channels by name key. */
  channels: Map<string, Channel>;
  /** Owner key → the channel keys they own. */
  owned: Map<string, Set<string>>;
}

/** Join requests, standings and rosters, over the backend's channel table. */
export class MemoryStanding {
  #table: ChannelTable;
  // Keyed by `channelKey \n requesterKey`.
  #requests = new Map<string, JoinRequest>();

  /** Works on `table`, which the backend owns. */
  constructor(table: ChannelTable) {
    this.#table = table;
  }

  fileRequest(channel: Channel, requester: string) {
    const key = requestKey(channel.name, requester);
    const refusal = filingRefusal(this.#requests.get(key)?.state);
    if (refusal) return fail(refusal);
    const request = pendingRequest(channel, requester);
    this.#requests.set(key, request);
    return ok({ ...request });
  }

  recordDecision(
    channel: Channel,
    decision: { requester: string; grant: boolean },
  ) {
    const request = this.#requests.get(
      requestKey(channel.name, decision.requester),
    );
    if (!request) return fail("not_found");
    if (request.state !== "pending") return fail("not_pending");
    request.state = decision.grant ? "granted" : "denied";
    request.decidedAt = Date.now();
    return ok({ ...request });
  }

  changeStanding(channel: Channel, change: StandingChange) {
    const key = requestKey(channel.name, change.name);
    const current = this.#requests.get(key);
    if (!change.from.includes(current?.state ?? "none")) {
      return fail("not_found");
    }
    const now = Date.now();
    const record = current ?? {
      channel: channel.name,
      requester: change.name,
      state: change.to,
      requestedAt: now,
      decidedAt: now,
    };
    record.state = change.to;
    record.decidedAt = now;
    this.#requests.set(key, record);
    return ok({ ...record });
  }

  listRoster(channel: string, state: RosterState, query: ListQuery = {}) {
    const all = [...this.#requests.entries()]
      .filter(([, r]) =>
        r.state === state && nameKey(r.channel) === nameKey(channel)
      )
      .map(([, r]) => [nameKey(r.requester), { ...r }] as const);
    return pageSorted(all, query);
  }

  transferChannel(channel: Channel, to: string) {
    const key = nameKey(channel.name);
    const stored = this.#table.channels.get(key);
    if (!stored || nameKey(stored.owner) !== nameKey(channel.owner)) {
      return fail("not_found");
    }
    const { owned } = this.#table;
    owned.get(nameKey(stored.owner))?.delete(key);
    let mine = owned.get(nameKey(to));
    if (!mine) owned.set(nameKey(to), mine = new Set());
    mine.add(key);
    const previous = stored.owner;
    stored.owner = to;
    // The previous owner stays, as a member.
    const now = Date.now();
    const record = this.#requests.get(requestKey(stored.name, previous)) ?? {
      channel: stored.name,
      requester: previous,
      state: "granted",
      requestedAt: now,
      decidedAt: now,
    };
    record.state = "granted";
    record.decidedAt = now;
    this.#requests.set(requestKey(stored.name, previous), record);
    return ok({ ...stored });
  }

  listPendingRequests(owner: string, query: ListQuery = {}) {
    const owned = this.#table.owned.get(nameKey(owner)) ?? new Set<string>();
    const all = [...this.#requests.entries()]
      .filter(([, r]) => r.state === "pending" && owned.has(nameKey(r.channel)))
      // Oldest first, as the port promises: the key leads with the time.
      .map(([k, r]) =>
        [`${String(r.requestedAt).padStart(16, "0")}\n${k}`, { ...r }] as const
      );
    return pageSorted(all, query);
  }

  listRequestsBy(
    requester: string,
    query: ListQuery = {},
  ): ListPage<JoinRequest> {
    const all = [...this.#requests.entries()]
      .filter(([, r]) => nameKey(r.requester) === nameKey(requester))
      .map(([k, r]) => [k, { ...r }] as const);
    return pageSorted(all, query);
  }

  isMember(channel: string, name: string): boolean {
    const found = this.#table.channels.get(nameKey(channel));
    const request = this.#requests.get(requestKey(channel, name));
    return found !== undefined && mayUse(accessOf(found, name, request));
  }
}

function requestKey(channel: string, requester: string): string {
  return `${nameKey(channel)}\n${nameKey(requester)}`;
}
