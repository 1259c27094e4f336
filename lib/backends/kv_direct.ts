/**
 * Direct messages' lists and blocks in the Deno KV backend (the messages
 * themselves go through `KvMessageWriter`, like rooms): each
 * participant's conversations under `["conv", name, peer]` and blocks
 * under `["block", by, whom]`.
 *
 * @module
 */
import {
  type Block,
  type Conversation,
  type ListPage,
  type ListQuery,
  nameKey,
} from "../chat/mod.ts";
import { commit } from "./kv_commit.ts";
import * as K from "./kv_keys.ts";

/** `name`'s conversations in peer-name order. */
export function listConversations(
  kv: Deno.Kv,
  name: string,
  query: ListQuery = {},
): Promise<ListPage<Conversation>> {
  return K.listPage<Conversation>(kv, ["conv", nameKey(name)], query);
}

/** Records or lifts a block. */
export async function setBlock(
  kv: Deno.Kv,
  by: string,
  change: { whom: string; blocked: boolean },
): Promise<void> {
  const key = K.blockKey(by, change.whom);
  const block: Block = { name: change.whom, at: Date.now() };
  await commit(
    change.blocked ? kv.atomic().set(key, block) : kv.atomic().delete(key),
  );
}

/** Whether `by` blocks `whom`. */
export async function isBlocked(
  kv: Deno.Kv,
  by: string,
  whom: string,
): Promise<boolean> {
  return (await kv.get(K.blockKey(by, whom))).versionstamp !== null;
}

/** Whom `by` blocks, in name order. */
export function listBlocks(
  kv: Deno.Kv,
  by: string,
  query: ListQuery = {},
): Promise<ListPage<Block>> {
  return K.listPage<Block>(kv, ["block", nameKey(by)], query);
}
