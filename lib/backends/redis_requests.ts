/**
 * Join requests in Redis: filing, deciding, and the two lists (pending by
 * owner, oldest first; everything by requester, in channel-name order).
 * The Lua scripts in `redis_scripts.ts` keep the request hash and both
 * indexes in step.
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
  pageLimit,
  pendingRequest,
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

// A filing racing this many handovers of its channel gives up.
const MAX_MOVES = 10;

/**
 * Files a pending request by `requester` for `channel`, in the list of
 * whoever owns the channel when the script runs (a handover may land
 * between the caller's read and the write: the script notices, and the
 * filing is tried again with the new owner).
 */
export function fileRequest(
  store: RedisStore,
  ask: { channel: Channel; requester: string },
): Promise<
  Result<JoinRequest, "already_member" | "already_pending" | "banned">
> {
  const { requester } = ask;
  const { db, keys } = store;
  return guard(async () => {
    let channel = ask.channel;
    for (let move = 0; move < MAX_MOVES; move++) {
      const now = Date.now();
      const outcome = await db.parleyRequest(
        keys.request(channel.name, requester),
        keys.pending(channel.owner),
        keys.requestsBy(requester),
        keys.key("requests:seq"),
        keys.channel(channel.name),
        requestMember(channel.name, requester),
        part(channel.name),
        channel.name,
        requester,
        String(now),
        channel.owner,
      );
      if (
        outcome === "already_member" || outcome === "already_pending" ||
        outcome === "banned"
      ) {
        return fail(outcome);
      }
      if (outcome === "ok") {
        return ok(pendingRequest(channel, requester, now));
      }
      channel = await readChannel(store, channel.name) ?? channel;
    }
    throw new Error(`#${channel.name} kept changing owner; request not filed`);
  });
}

/** Grants or denies a pending request while `channel.owner` owns it. */
export function decide(
  store: RedisStore,
  decision: { channel: Channel; requester: string; grant: boolean },
): Promise<Result<JoinRequest, "not_found" | "not_pending" | "forbidden">> {
  const { channel, requester } = decision;
  const { db, keys } = store;
  return guard(async () => {
    const state = decision.grant ? "granted" : "denied";
    const now = Date.now();
    const [outcome, name, who, requestedAt] = await db.parleyDecide(
      keys.request(channel.name, requester),
      keys.pending(channel.owner),
      keys.channel(channel.name),
      keys.roster(channel.name, "granted"),
      requestMember(channel.name, requester),
      state,
      String(now),
      channel.owner,
      part(requester),
    );
    if (
      outcome === "not_found" || outcome === "not_pending" ||
      outcome === "forbidden"
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
