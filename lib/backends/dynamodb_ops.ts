/**
 * Item operations the DynamoDB backend builds on: consistent reads, create-
 * once puts, bounded queries and verified list pages.
 *
 * @module
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type ListPage, type ListQuery, pageLimit } from "../chat/mod.ts";
import { type DynamoKey, isConditionFailure } from "./dynamodb_table.ts";

/** A stored item, as the document client returns it. */
export type Item = Record<string, unknown>;

/** The client and table every operation works on. */
export interface Store {
  doc: DynamoDBDocumentClient;
  table: string;
}

/** A short random id that marks which writer created an item. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Reads one item with a strongly consistent read. */
export async function getItem(
  store: Store,
  key: DynamoKey,
): Promise<Item | null> {
  const { Item } = await store.doc.send(
    new GetCommand({
      TableName: store.table,
      Key: { pk: key.pk, sk: key.sk },
      ConsistentRead: true,
    }),
  );
  return Item ?? null;
}

/**
 * Stores `item` only if its key is free; false when it is taken. The item's
 * `rid` tells our own write apart from a rival's: when the SDK retries a put
 * whose first attempt landed, the retry fails its condition on our item.
 */
export async function putNew(
  store: Store,
  item: Item & DynamoKey & { rid: string },
): Promise<boolean> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: item,
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const stored = await getItem(store, item);
    return stored?.rid === item.rid;
  }
}

/**
 * Sets `values` on the item at `key` if it exists, in one conditional
 * update; resolves the item as it was before (`returns: "before"`) or is
 * after, or null when there is no such item.
 */
export async function setIfExists(
  store: Store,
  key: DynamoKey,
  change: { values: Item; returns: "before" | "after" },
): Promise<Item | null> {
  const names = Object.keys(change.values);
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: "SET " +
          names.map((_, i) => `#f${i} = :v${i}`).join(", "),
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: Object.fromEntries(
          names.map((n, i) => [`#f${i}`, n]),
        ),
        ExpressionAttributeValues: Object.fromEntries(
          names.map((n, i) => [`:v${i}`, change.values[n]]),
        ),
        ReturnValues: change.returns === "before" ? "ALL_OLD" : "ALL_NEW",
      }),
    );
    return Attributes ?? null;
  } catch (error) {
    if (isConditionFailure(error)) return null;
    throw error;
  }
}

/**
 * Up to `count` items of a query, strongly consistent. Loops because
 * DynamoDB stops a page at 1 MB even when `Limit` is not reached.
 */
export async function queryUpTo(
  store: Store,
  input: Omit<QueryCommandInput, "TableName" | "Limit">,
  count: number,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await store.doc.send(
      new QueryCommand({
        ...input,
        TableName: store.table,
        ConsistentRead: true,
        Limit: count - items.length,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && items.length < count);
  return items;
}

/** Up to `count` items of partition `pk` with a sort key above `after`. */
export function queryPartition(
  store: Store,
  pk: string,
  after: string | undefined,
  count: number,
  projection?: string[],
): Promise<Item[]> {
  const names = projection && Object.fromEntries(
    projection.map((a, i) => [`#a${i}`, a]),
  );
  return queryUpTo(store, {
    KeyConditionExpression: after === undefined
      ? "pk = :pk"
      : "pk = :pk AND sk > :after",
    ExpressionAttributeValues: after === undefined
      ? { ":pk": pk }
      : { ":pk": pk, ":after": after },
    ...(names
      ? {
        ProjectionExpression: Object.keys(names).join(", "),
        ExpressionAttributeNames: names,
      }
      : {}),
  }, count);
}

const BATCH_GET_MAX = 100;
const BATCH_GET_ROUNDS = 8;

/** Consistent reads of many keys; the map is keyed by `pk\nsk`. */
export async function batchGet(
  store: Store,
  keys: DynamoKey[],
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  // BatchGetItem refuses duplicate keys in one request.
  const unique = [...new Map(keys.map((k) => [keyId(k), k])).values()];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
    let pending: DynamoKey[] = unique.slice(i, i + BATCH_GET_MAX);
    for (let round = 0; pending.length > 0; round++) {
      if (round === BATCH_GET_ROUNDS) {
        throw new Error("DynamoDB left keys unprocessed; it is throttling");
      }
      if (round > 0) await delay(25 * 2 ** round);
      const out = await store.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [store.table]: { Keys: pending, ConsistentRead: true },
          },
        }),
      );
      for (const item of out.Responses?.[store.table] ?? []) {
        found.set(keyId(item as DynamoKey), item);
      }
      pending = (out.UnprocessedKeys?.[store.table]?.Keys ?? []) as DynamoKey[];
    }
  }
  return found;
}

/** The map key `batchGet` files an item under. */
export function keyId(key: DynamoKey): string {
  return `${key.pk}\n${key.sk}`;
}

const PAGE_ROUNDS = 4;

/**
 * A name-ordered page over index rows (sort key `sk`) that `verify` turns
 * into items, or null for rows that no longer hold. `fetch` returns up to
 * `count` rows after a sort key. The `next` cursor is the last sort key
 * looked at; a page may come back short when rows were dropped.
 */
export async function verifiedPage<T>(
  query: ListQuery,
  fetch: (after: string | undefined, count: number) => Promise<Item[]>,
  verify: (rows: Item[]) => Promise<(T | null)[]>,
): Promise<ListPage<T>> {
  const limit = pageLimit(query.limit);
  const items: T[] = [];
  // Empty strings are not valid key values in DynamoDB.
  let cursor = query.after || undefined;
  let last: string | undefined;
  for (let round = 0; round < PAGE_ROUNDS; round++) {
    const need = limit - items.length;
    // One row beyond the page tells whether another page exists.
    const rows = await fetch(cursor, need + 1);
    const checked = await verify(rows);
    for (let i = 0; i < rows.length; i++) {
      const item = checked[i];
      if (item !== null) {
        if (items.length === limit) return { items, next: last };
        items.push(item);
        last = rows[i].sk as string;
      }
      cursor = rows[i].sk as string;
    }
    if (rows.length <= need) return { items };
  }
  return cursor === undefined ? { items } : { items, next: cursor };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
