/**
 * Direct messages, blocks and notice inboxes in DynamoDB. A conversation
 * is a room in its own partition (`R#D#<a>#<b>`: a counter item, then one
 * item per message, read like rooms); each side's entry
 * `CONV#<name> / <peer>` only moves forward (conditional on a lower id);
 * blocks are `BLOCK#<by> / <whom>`; an inbox is `INBOX#<name>` with a
 * counter and one item per notice, deleted when acknowledged.
 *
 * @module
 */
import {
  DeleteCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type Block,
  type Conversation,
  type DirectMessage,
  type ListPage,
  type ListQuery,
  MAX_MESSAGE_ID,
  type Notice,
  type NoticePage,
  pageLimit,
} from "../chat/mod.ts";
import {
  getItem,
  type Item,
  queryPartition,
  queryUpTo,
  type Store,
  verifiedPage,
} from "./dynamodb_ops.ts";
import {
  isConditionFailure,
  keyPart,
  messageSk,
  SEQ_SK,
} from "./dynamodb_table.ts";

// Deletes in flight at once while acknowledging notices.
const DELETES_IN_FLIGHT = 25;

/** Takes the next id of the sequence in partition `pk`. */
export async function nextId(store: Store, pk: string): Promise<number> {
  const { Attributes } = await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: { pk, sk: SEQ_SK },
      UpdateExpression: "ADD seq :one",
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return Number(Attributes?.seq);
}

/** Records `message` as the newest of both sides' conversation entries. */
export async function recordConversation(
  store: Store,
  message: DirectMessage,
): Promise<void> {
  const sides = [
    [message.sender, message.recipient],
    [message.recipient, message.sender],
  ];
  await Promise.all(sides.map(async ([name, peer]) => {
    try {
      await store.doc.send(
        new PutCommand({
          TableName: store.table,
          Item: {
            pk: `CONV#${keyPart(name)}`,
            sk: keyPart(peer),
            peer,
            lastId: message.id,
            lastAt: message.sentAt,
          },
          // Racing sends: the highest id wins whatever the order of writes.
          ConditionExpression: "attribute_not_exists(lastId) OR lastId < :id",
          ExpressionAttributeValues: { ":id": message.id },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }));
}

/** `name`'s conversations in peer-name order. */
export function listConversations(
  store: Store,
  name: string,
  query: ListQuery,
): Promise<ListPage<Conversation>> {
  return verifiedPage(
    query,
    (after, count) =>
      queryPartition(store, `CONV#${keyPart(name)}`, after, count),
    (rows) =>
      Promise.resolve(rows.map((r) => ({
        peer: r.peer as string,
        lastId: r.lastId as number,
        lastAt: r.lastAt as number,
      }))),
  );
}

/** Records or lifts a block. */
export async function setBlock(
  store: Store,
  by: string,
  change: { whom: string; blocked: boolean },
): Promise<void> {
  const Key = { pk: `BLOCK#${keyPart(by)}`, sk: keyPart(change.whom) };
  if (change.blocked) {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: { ...Key, name: change.whom, at: Date.now() },
      }),
    );
  } else {
    await store.doc.send(new DeleteCommand({ TableName: store.table, Key }));
  }
}

/** Whether `by` blocks `whom`. */
export async function isBlocked(
  store: Store,
  by: string,
  whom: string,
): Promise<boolean> {
  const key = { pk: `BLOCK#${keyPart(by)}`, sk: keyPart(whom) };
  return await getItem(store, key) !== null;
}

/** Whom `by` blocks, in name order. */
export function listBlocks(
  store: Store,
  by: string,
  query: ListQuery,
): Promise<ListPage<Block>> {
  return verifiedPage(
    query,
    (after, count) =>
      queryPartition(store, `BLOCK#${keyPart(by)}`, after, count),
    (rows) =>
      Promise.resolve(
        rows.map((r) => ({ name: r.name as string, at: r.at as number })),
      ),
  );
}

/** Appends a notice to `name`'s inbox; resolves its id. */
export async function pushNotice(
  store: Store,
  name: string,
  notice: Notice,
): Promise<number> {
  const pk = inboxPk(name);
  const id = await nextId(store, pk);
  // A fresh id: an SDK retry of this put rewrites the same item.
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: { pk, sk: messageSk(id), id, notice },
    }),
  );
  return id;
}

/** The oldest notices still in `name`'s inbox. */
export async function listNotices(
  store: Store,
  name: string,
  query: { limit?: number },
): Promise<NoticePage> {
  const limit = pageLimit(query.limit);
  // Sort keys are zero-padded ids; the range leaves out the counter item.
  const rows = await queryUpTo(store, {
    KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
    ExpressionAttributeValues: {
      ":pk": inboxPk(name),
      ":from": messageSk(1),
      ":to": messageSk(MAX_MESSAGE_ID),
    },
  }, limit + 1);
  return {
    notices: rows.slice(0, limit).map((r: Item) => ({
      id: r.id as number,
      notice: r.notice as Notice,
    })),
    hasMore: rows.length > limit,
  };
}

/**
 * Deletes exactly these notices of `name`; resolves the ids it removed.
 * One delete per notice, returning the old item: of two racing calls,
 * only the one whose delete found the item claims it (a batch write
 * cannot tell).
 */
export async function ackNotices(
  store: Store,
  name: string,
  ids: readonly number[],
): Promise<number[]> {
  const pk = inboxPk(name);
  const unique = [...new Set(ids)];
  const claimed: number[] = [];
  for (let i = 0; i < unique.length; i += DELETES_IN_FLIGHT) {
    const batch = unique.slice(i, i + DELETES_IN_FLIGHT);
    const found = await Promise.all(batch.map(async (id) => {
      const out = await store.doc.send(
        new DeleteCommand({
          TableName: store.table,
          Key: { pk, sk: messageSk(id) },
          ReturnValues: "ALL_OLD",
        }),
      );
      return out.Attributes !== undefined;
    }));
    claimed.push(...batch.filter((_, j) => found[j]));
  }
  return claimed;
}

function inboxPk(name: string): string {
  return `INBOX#${keyPart(name)}`;
}
