/**
 * Reads the Redis backend's modules share: what they all hold (`RedisStore`),
 * pipelined hash reads, and name-ordered pages through a sorted-set index.
 *
 * @module
 */
import type { ChainableCommander, Redis } from "ioredis";
import {
  type Channel,
  type ListPage,
  type ListQuery,
  pageLimit,
} from "../chat/mod.ts";
import { guard } from "./redis_client.ts";
import {
  CHANNEL_FIELDS,
  type RedisKeys,
  type ScriptedRedis,
  toChannel,
} from "./redis_scripts.ts";

/** The client, its scripts and the key layout, as one handle. */
export interface RedisStore {
  /** The connection, for plain commands. */
  redis: Redis;
  /** The same connection with Parley's Lua scripts defined. */
  db: ScriptedRedis;
  /** Where each record lives. */
  keys: RedisKeys;
}

/** How to turn the members of a name-ordered index into items. */
export interface IndexRows<T> {
  /** Where to page from; default the first page. */
  query?: ListQuery;
  /** The hash holding a member's row. */
  keyOf: (member: string) => string;
  /** The hash fields to read, in the order `decode` expects. */
  fields: readonly string[];
  /** Turns a row into an item, or null to skip it. */
  decode: (row: (string | null)[]) => T | null;
}

/** The channel `name`, or null; unguarded, for use inside `guard`. */
export async function readChannel(
  store: RedisStore,
  name: string,
): Promise<Channel | null> {
  return toChannel(
    await store.redis.hmget(store.keys.channel(name), ...CHANNEL_FIELDS),
  );
}

/** A page of `index`, a lex-ordered sorted set, read via each member's hash. */
export function pageByName<T>(
  redis: Redis,
  index: string,
  rows: IndexRows<T>,
): Promise<ListPage<T>> {
  const query = rows.query ?? {};
  const limit = pageLimit(query.limit);
  return guard(async () => {
    const min = query.after === undefined ? "-" : `(${query.after}`;
    const members = await redis.zrangebylex(
      index,
      min,
      "+",
      "LIMIT",
      0,
      limit + 1,
    );
    const page = members.slice(0, limit);
    const found = await readRows(redis, page.map(rows.keyOf), rows);
    return {
      items: found.map(rows.decode).filter((x) => x !== null) as T[],
      ...(members.length > limit ? { next: page[limit - 1] } : {}),
    };
  });
}

/** The given fields of each hash in `keys`, in one round trip. */
export async function readRows(
  redis: Redis,
  keys: string[],
  options: { fields: readonly string[] },
): Promise<(string | null)[][]> {
  if (keys.length === 0) return [];
  return await pipelined(redis, (p) => {
    for (const key of keys) p.hmget(key, ...options.fields);
  }) as (string | null)[][];
}

/** Runs the commands `build` queues as one pipeline; throws the first error. */
export async function pipelined(
  redis: Redis,
  build: (p: ChainableCommander) => unknown,
): Promise<unknown[]> {
  const pipeline = redis.pipeline();
  build(pipeline);
  const results = await pipeline.exec() ?? [];
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
