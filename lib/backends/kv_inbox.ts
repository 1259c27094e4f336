/**
 * Notice inboxes in the Deno KV backend: `["notice", name, id]` entries
 * numbered through a head key (checked on commit, so racing pushes never
 * share an id), listed oldest first, deleted when acknowledged.
 *
 * @module
 */
import {
  nameKey,
  type Notice,
  type NoticePage,
  pageLimit,
  type StoredNotice,
} from "../chat/mod.ts";
import { commit, retry } from "./kv_commit.ts";
import * as K from "./kv_keys.ts";

// KV reads at most 10 keys at once; each is checked, then deleted.
const CLAIMS_PER_COMMIT = 10;

/** Appends a notice to `name`'s inbox; resolves its id. */
export function pushNotice(
  kv: Deno.Kv,
  name: string,
  notice: Notice,
): Promise<number> {
  const head = K.noticeHeadKey(name);
  return retry(async () => {
    const last = await kv.get<number>(head);
    const id = (last.value ?? 0) + 1;
    const stored: StoredNotice = { id, notice };
    const done = await commit(
      kv.atomic().check(last).set(head, id).set(K.noticeKey(name, id), stored),
    );
    return done ? id : undefined;
  });
}

/** The oldest notices still in `name`'s inbox. */
export async function listNotices(
  kv: Deno.Kv,
  name: string,
  query: { limit?: number } = {},
): Promise<NoticePage> {
  const limit = pageLimit(query.limit);
  const entries = await Array.fromAsync(
    kv.list<StoredNotice>({ prefix: ["notice", nameKey(name)] }, {
      limit: limit + 1,
    }),
  );
  return {
    notices: entries.slice(0, limit).map((e) => e.value),
    hasMore: entries.length > limit,
  };
}

/**
 * Deletes exactly these notices of `name`; resolves the ids it removed.
 * Each delete is checked against the entry it read, so of two racing
 * calls only one removes (and claims) a notice.
 */
export async function ackNotices(
  kv: Deno.Kv,
  name: string,
  ids: readonly number[],
): Promise<number[]> {
  const unique = [...new Set(ids)];
  const claimed: number[] = [];
  for (let i = 0; i < unique.length; i += CLAIMS_PER_COMMIT) {
    const batch = unique.slice(i, i + CLAIMS_PER_COMMIT);
    const keys = batch.map((id) => K.noticeKey(name, id));
    claimed.push(
      ...await retry(async () => {
        // Entries come in the order of `keys`.
        const entries = await kv.getMany(keys);
        const present = batch.filter((_, j) => entries[j].versionstamp);
        if (present.length === 0) return [];
        const op = kv.atomic();
        entries.forEach((e) => e.versionstamp && op.check(e).delete(e.key));
        return await commit(op) ? present : undefined;
      }),
    );
  }
  return claimed;
}
