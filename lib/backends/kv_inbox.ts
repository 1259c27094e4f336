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

// KV allows 1 000 mutations per atomic; acks come a page (200) at a time.
const DELETES_PER_COMMIT = 500;

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

/** Deletes exactly these notices of `name`. */
export async function ackNotices(
  kv: Deno.Kv,
  name: string,
  ids: readonly number[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += DELETES_PER_COMMIT) {
    const op = kv.atomic();
    for (const id of ids.slice(i, i + DELETES_PER_COMMIT)) {
      op.delete(K.noticeKey(name, id));
    }
    await commit(op);
  }
}
