/**
 * Direct messages, blocks and notice inboxes in Redis. A conversation is a
 * room (`room:direct:<a>:<b>`, ids assigned in the script that writes), each
 * side's list is a lex set of peers beside a hash of their entries, blocks
 * likewise, and an inbox is a room of notices whose acknowledged members
 * are removed.
 *
 * @module
 */
import {
  type Block,
  type Conversation,
  type DirectDraft,
  type DirectMessage,
  type ListPage,
  type ListQuery,
  type Notice,
  type NoticePage,
  pageLimit,
  type StoredNotice,
} from "../chat/mod.ts";
import { guard } from "./redis_client.ts";
import { pipelined, type RedisStore } from "./redis_reads.ts";
import { part } from "./redis_scripts.ts";

/** Stores a direct message with its conversation's next id. */
export function storeDirect(
  store: RedisStore,
  draft: DirectDraft,
): Promise<DirectMessage> {
  const { db, keys } = store;
  const { sender, recipient, sentAt, text } = draft;
  const room = keys.direct(sender, recipient);
  const tail = JSON.stringify({ sender, recipient, sentAt, text }).slice(1);
  // Each side's entry, as JSON missing only the id and the closing brace.
  const head = (peer: string) =>
    JSON.stringify({ peer, lastAt: sentAt }).slice(0, -1) + ',"lastId":';
  return guard(async () => {
    const id = await db.parleyDirect(
      room.seq,
      room.log,
      keys.conversations(sender),
      keys.conversations(recipient),
      keys.conversationInfo(sender),
      keys.conversationInfo(recipient),
      tail,
      part(recipient),
      part(sender),
      head(recipient),
      head(sender),
    );
    return { id, sender, recipient, sentAt, text };
  });
}

/** `name`'s conversations in peer-name order. */
export function listConversations(
  store: RedisStore,
  name: string,
  query: ListQuery = {},
): Promise<ListPage<Conversation>> {
  const { keys } = store;
  return pageOfHash<Conversation>(store, {
    index: keys.conversations(name),
    hash: keys.conversationInfo(name),
    query,
  });
}

/** Records or lifts a block, index and entry together. */
export function setBlock(
  store: RedisStore,
  by: string,
  change: { whom: string; blocked: boolean },
): Promise<void> {
  const { keys } = store;
  const member = part(change.whom);
  const block: Block = { name: change.whom, at: Date.now() };
  return guard(async () => {
    const tx = store.redis.multi();
    if (change.blocked) {
      tx.zadd(keys.blocks(by), 0, member)
        .hset(keys.blockInfo(by), member, JSON.stringify(block));
    } else {
      tx.zrem(keys.blocks(by), member).hdel(keys.blockInfo(by), member);
    }
    await tx.exec();
  });
}

/** Whether `by` blocks `whom`. */
export function isBlocked(
  store: RedisStore,
  by: string,
  whom: string,
): Promise<boolean> {
  return guard(async () =>
    await store.redis.hexists(store.keys.blockInfo(by), part(whom)) === 1
  );
}

/** Whom `by` blocks, in name order. */
export function listBlocks(
  store: RedisStore,
  by: string,
  query: ListQuery = {},
): Promise<ListPage<Block>> {
  const { keys } = store;
  return pageOfHash<Block>(store, {
    index: keys.blocks(by),
    hash: keys.blockInfo(by),
    query,
  });
}

/** Appends a notice to `name`'s inbox; resolves its id. */
export function pushNotice(
  store: RedisStore,
  name: string,
  notice: Notice,
): Promise<number> {
  const { seq, log } = store.keys.inbox(name);
  return guard(() =>
    store.db.parleyStore(seq, log, JSON.stringify({ notice }).slice(1))
  );
}

/** The oldest notices still in `name`'s inbox. */
export function listNotices(
  store: RedisStore,
  name: string,
  query: { limit?: number } = {},
): Promise<NoticePage> {
  const limit = pageLimit(query.limit);
  return guard(async () => {
    const rows = await store.redis.zrangebyscore(
      store.keys.inbox(name).log,
      "-inf",
      "+inf",
      "LIMIT",
      0,
      limit + 1,
    );
    return {
      notices: rows.slice(0, limit).map((r) => JSON.parse(r) as StoredNotice),
      hasMore: rows.length > limit,
    };
  });
}

/** Removes exactly these notices of `name`; resolves the ids it removed. */
export function ackNotices(
  store: RedisStore,
  name: string,
  ids: readonly number[],
): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return Promise.resolve([]);
  const { log } = store.keys.inbox(name);
  return guard(async () => {
    // Each removal reports whether it found the notice: Redis runs
    // commands one at a time, so of two racing acks only one finds it.
    const removed = await pipelined(store.redis, (p) => {
      for (const id of unique) p.zremrangebyscore(log, id, id);
    }) as number[];
    return unique.filter((_, i) => removed[i] > 0);
  });
}

// A page of a lex-ordered index whose entries are JSON in one hash.
function pageOfHash<T>(
  store: RedisStore,
  where: { index: string; hash: string; query: ListQuery },
): Promise<ListPage<T>> {
  const { redis } = store;
  const { query } = where;
  const limit = pageLimit(query.limit);
  return guard(async () => {
    const min = query.after === undefined ? "-" : `(${query.after}`;
    const members = await redis.zrangebylex(
      where.index,
      min,
      "+",
      "LIMIT",
      0,
      limit + 1,
    );
    const page = members.slice(0, limit);
    const rows = page.length === 0
      ? []
      : await redis.hmget(where.hash, ...page);
    return {
      items: rows.flatMap((r) => r === null ? [] : [JSON.parse(r) as T]),
      ...(members.length > limit ? { next: page[limit - 1] } : {}),
    };
  });
}
