/**
 * Join requests in Redis: filing, deciding, and the two lists (pending by
 * owner, oldest first; everything by requester, in channel-name order).
 * The Lua scripts in `redis_scripts.ts` keep the request hash and both
 * indexes in step.
 *
 * @module
 */
import {
  fail,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  nameKey,
  ok,
  pageLimit,
  type Result,
} from "../chat/mod.ts";
import { guard } from "./redis_client.ts";
import {
  pageByName,
  readChannel,
  readRows,
  type RedisStore,
} from "./redis_reads.ts";
import {
  part,
  REQUEST_FIELDS,
  requestMember,
  toRequest,
} from "./redis_scripts.ts";

/** Files a pending request by `requester` for `channel`. */
export function fileRequest(
  store: RedisStore,
  ask: { channel: string; requester: string },
): Promise<
  Result<JoinRequest, "not_found" | "already_member" | "already_pending">
> {
  const { channel, requester } = ask;
  const { db, keys } = store;
  return guard(async () => {
    const found = await readChannel(store, channel);
    if (!found) return fail("not_found");
    if (nameKey(found.owner) === nameKey(requester)) {
      return fail("already_member");
    }
    const now = Date.now();
    // Channels are never deleted nor handed over, so the owner read above
    // stays valid while the script runs.
    const outcome = await db.parleyRequest(
      keys.request(channel, requester),
      keys.pending(found.owner),
      keys.requestsBy(requester),
      keys.key("requests:seq"),
      requestMember(channel, requester),
      part(channel),
      found.name,
      requester,
      String(now),
    );
    if (outcome === "already_member" || outcome === "already_pending") {
      return fail(outcome);
    }
    const request: JoinRequest = {
      channel: found.name,
      requester,
      state: "pending",
      requestedAt: now,
      decidedAt: null,
    };
    return ok(request);
  });
}

/** Grants or denies a pending request, if `by` owns the channel. */
export function decide(
  store: RedisStore,
  decision: { channel: string; requester: string; by: string; grant: boolean },
): Promise<Result<JoinRequest, "not_found" | "forbidden" | "not_pending">> {
  const { channel, requester } = decision;
  const { redis, db, keys } = store;
  return guard(async () => {
    const owner = await redis.hget(keys.channel(channel), "owner");
    if (owner === null) return fail("not_found");
    const state = decision.grant ? "granted" : "denied";
    const now = Date.now();
    const [outcome, name, who, requestedAt] = await db.parleyDecide(
      keys.request(channel, requester),
      keys.pending(owner),
      requestMember(channel, requester),
      nameKey(owner) === nameKey(decision.by) ? "1" : "0",
      state,
      String(now),
    );
    if (
      outcome === "not_found" || outcome === "forbidden" ||
      outcome === "not_pending"
    ) {
      return fail(outcome);
    }
    return ok<JoinRequest>({
      channel: name!,
      requester: who!,
      state,
      requestedAt: Number(requestedAt),
      decidedAt: now,
    });
  });
}

/** Pending requests for every channel `owner` owns, oldest first. */
export function pendingFor(
  store: RedisStore,
  owner: string,
  query: ListQuery = {},
): Promise<ListPage<JoinRequest>> {
  const { redis, keys } = store;
  const limit = pageLimit(query.limit);
  // The cursor is the request counter of the last item shown.
  const after = query.after === undefined ? 0 : Number(query.after);
  if (!Number.isSafeInteger(after)) return Promise.resolve({ items: [] });
  return guard(async () => {
    const reply = await redis.zrangebyscore(
      keys.pending(owner),
      `(${after}`,
      "+inf",
      "WITHSCORES",
      "LIMIT",
      0,
      limit + 1,
    );
    // Flattened so the pairs read alike over RESP2 and RESP3.
    const flat = (reply as unknown[]).flat() as string[];
    const members = flat.filter((_, i) => i % 2 === 0);
    const page = members.slice(0, limit);
    const rows = await readRows(
      redis,
      page.map((m) => keys.requestAt(m)),
      { fields: REQUEST_FIELDS },
    );
    // A decision may land between the two reads; such a row is skipped.
    const items = rows.map(toRequest).filter((r) => r?.state === "pending");
    return {
      items: items as JoinRequest[],
      ...(members.length > limit ? { next: flat[2 * limit - 1] } : {}),
    };
  });
}

/** Every request `requester` has made, in channel-name order. */
export function requestsBy(
  store: RedisStore,
  requester: string,
  query: ListQuery = {},
): Promise<ListPage<JoinRequest>> {
  const { keys } = store;
  return pageByName(store.redis, keys.requestsBy(requester), {
    query,
    keyOf: (m) => keys.requestAt(`${m}:${part(requester)}`),
    fields: REQUEST_FIELDS,
    decode: toRequest,
  });
}
