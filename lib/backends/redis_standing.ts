/**
 * Standings in Redis beyond filing and deciding (`redis_requests.ts`):
 * changing one (remove, ban, unban, leave), a channel's roster, and
 * handing a channel over. Each write is one script
 * (`redis_standing_scripts.ts`) that checks the channel's owner and keeps
 * the request hash and every index in step.
 *
 * @module
 */
import {
  type Channel,
  fail,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  ok,
  type Result,
  type RosterState,
  type StandingChange,
} from "../chat/mod.ts";
import { guard } from "./redis_client.ts";
import { pageByName, type RedisStore } from "./redis_reads.ts";
import {
  part,
  REQUEST_FIELDS,
  requestMember,
  toChannel,
  toRequest,
} from "./redis_scripts.ts";

/** Moves a standing if it is one of `change.from`. */
export function changeStanding(
  store: RedisStore,
  channel: Channel,
  change: StandingChange,
): Promise<Result<JoinRequest, "not_found">> {
  const { db, keys } = store;
  const { name } = change;
  return guard(async () => {
    const [outcome, ...row] = await db.parleyStanding(
      keys.request(channel.name, name),
      keys.channel(channel.name),
      keys.pending(channel.owner),
      keys.requestsBy(name),
      keys.roster(channel.name, "granted"),
      keys.roster(channel.name, "banned"),
      channel.owner,
      requestMember(channel.name, name),
      part(channel.name),
      part(name),
      channel.name,
      name,
      change.to,
      String(Date.now()),
      ...change.from,
    );
    const request = outcome === "ok" ? toRequest(row) : null;
    return request ? ok(request) : fail("not_found");
  });
}

/** A channel's members or bans, in name order. */
export function listRoster(
  store: RedisStore,
  channel: string,
  state: RosterState,
  query: ListQuery = {},
): Promise<ListPage<JoinRequest>> {
  const { keys } = store;
  return pageByName(store.redis, keys.roster(channel, state), {
    query,
    keyOf: (m) => keys.requestAt(`${part(channel)}:${m}`),
    fields: REQUEST_FIELDS,
    decode: toRequest,
  });
}

/** Hands `channel` to `to` if `channel.owner` still owns it. */
export function transferChannel(
  store: RedisStore,
  channel: Channel,
  to: string,
): Promise<Result<Channel, "not_found">> {
  const { db, keys } = store;
  const previous = channel.owner;
  return guard(async () => {
    const after = await db.parleyTransfer(
      keys.channel(channel.name),
      keys.owned(previous),
      keys.owned(to),
      keys.pending(previous),
      keys.pending(to),
      keys.request(channel.name, previous),
      keys.requestsBy(previous),
      keys.roster(channel.name, "granted"),
      previous,
      to,
      part(channel.name),
      `${part(channel.name)}:`,
      part(previous),
      channel.name,
      String(Date.now()),
    );
    const updated = after && toChannel(after);
    return updated ? ok(updated) : fail("not_found");
  });
}
