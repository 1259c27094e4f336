/**
 * Channels in DynamoDB: creation with the owner's index item, the owner's
 * listing, and the slow-mode setting. The channel item `CHANNEL / <name>`
 * is the truth; `OWNED#<owner> / <name>` indexes it per owner and is
 * written BEFORE the channel item (as the request indexes are), so a list
 * never misses a channel. A row whose channel is missing or belongs to
 * someone else (a lost creation race, a crash between the writes, a
 * handover in either direction) is skipped, and removed once it cannot
 * belong to a creation or handover under way.
 *
 * @module
 */
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  type Channel,
  fail,
  type ListPage,
  type ListQuery,
  ok,
  type Result,
} from "../chat/mod.ts";
import {
  batchGet,
  getItem,
  type Item,
  keyId,
  putNew,
  queryPartition,
  randomId,
  setIfExists,
  type Store,
  verifiedPage,
} from "./dynamodb_ops.ts";
import {
  channelKey,
  CHANNELS_PK,
  keyPart,
  toChannel,
} from "./dynamodb_table.ts";

// A younger row may belong to a creation between its two writes.
const ORPHAN_GRACE_MS = 10 * 60_000;

/** Creates a channel owned by `owner`, indexing it under the owner first. */
export async function createChannel(
  store: Store,
  name: string,
  owner: string,
): Promise<Result<Channel, "taken">> {
  const channel: Channel = {
    name,
    owner,
    createdAt: Date.now(),
    slowModeSeconds: 0,
  };
  const taken = await getItem(store, channelKey(name));
  if (taken) return fail("taken");
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: { ...ownedKey(owner, name), at: channel.createdAt },
    }),
  );
  const created = await putNew(store, {
    ...channelKey(name),
    ...channel,
    rid: randomId(),
  });
  return created ? ok(channel) : fail("taken");
}

/** The channels `owner` owns, in name order. */
export function channelsOwnedBy(
  store: Store,
  owner: string,
  query: ListQuery,
): Promise<ListPage<Channel>> {
  return verifiedPage(
    query,
    (after, count) =>
      queryPartition(store, `OWNED#${keyPart(owner)}`, after, count),
    async (rows) => {
      const keys = rows.map((r) => ({ pk: CHANNELS_PK, sk: r.sk as string }));
      const found = await batchGet(store, keys);
      const orphans: Item[] = [];
      const checked = rows.map((row, i) => {
        const item = found.get(keyId(keys[i]));
        if (item && keyPart(item.owner as string) === keyPart(owner)) {
          return toChannel(item);
        }
        // Someone else's may be a handover to this owner under way.
        if (Date.now() - (row.at as number) > ORPHAN_GRACE_MS) {
          orphans.push(row);
        }
        return null;
      });
      // Conditional: a handover back may have rewritten the row meanwhile.
      await Promise.all(orphans.map((o) =>
        store.doc.send(
          new DeleteCommand({
            TableName: store.table,
            Key: { pk: o.pk, sk: o.sk },
            ConditionExpression: "#at = :at",
            ExpressionAttributeNames: { "#at": "at" },
            ExpressionAttributeValues: { ":at": o.at },
          }),
        ).catch(() => {})
      ));
      return checked;
    },
  );
}

/** Sets a channel's slow mode; null when there is no such channel. */
export async function setSlowMode(
  store: Store,
  channel: string,
  seconds: number,
): Promise<Channel | null> {
  const after = await setIfExists(store, channelKey(channel), {
    values: { slowModeSeconds: seconds },
    returns: "after",
  });
  return after && toChannel(after);
}

function ownedKey(owner: string, name: string): { pk: string; sk: string } {
  return { pk: `OWNED#${keyPart(owner)}`, sk: keyPart(name) };
}
