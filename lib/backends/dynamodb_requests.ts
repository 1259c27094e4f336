/**
 * Join requests in DynamoDB, correct without transactions (dynalite has
 * none). The request item `C#<channel> / REQ#<requester>` is the only
 * truth; two index items serve the lists:
 *
 * - `PENDING#<owner> / <requestedAt>#<channel>#<requester>#<rid>`, one per
 *   filing, for "pending by owner", oldest first;
 * - `REQUESTS#<requester> / <channel>`, for "requests by requester".
 *
 * Index items are written BEFORE the request item and checked against it
 * when read, so a list never misses a request and never shows a stale one.
 * A crash leaves at worst an orphan index item, which lists skip and remove.
 *
 * @module
 */
import {
  DeleteCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type Channel,
  fail,
  type JoinRequest,
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
  queryPartition,
  randomId,
  type Store,
  verifiedPage,
} from "./dynamodb_ops.ts";
import { isConditionFailure, keyPart, requestKey } from "./dynamodb_table.ts";

/**
 * How old an orphan index item must be before a list deletes it. Younger
 * ones may belong to a filing still between its two writes.
 */
const ORPHAN_GRACE_MS = 10 * 60_000;

/** Files a pending request for a channel that exists; not its owner's. */
export async function fileRequest(
  store: Store,
  channel: Channel,
  requester: string,
): Promise<Result<JoinRequest, "already_member" | "already_pending">> {
  const ck = keyPart(channel.name);
  const rk = keyPart(requester);
  const key = requestKey(ck, rk);
  const current = await getItem(store, key);
  if (current?.state === "granted") return fail("already_member");
  if (current?.state === "pending") {
    // Rewriting its index items repairs a filing that crashed midway.
    await writeIndexes(store, current);
    return fail("already_pending");
  }
  const request: JoinRequest = {
    channel: channel.name,
    requester,
    state: "pending",
    requestedAt: Date.now(),
    decidedAt: null,
  };
  const item = {
    ...key,
    ...request,
    ck,
    rk,
    ownerKey: keyPart(channel.owner),
    rid: randomId(),
  };
  await writeIndexes(store, item);
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: item,
        // Replaces only the denied request we read, never a newer one.
        ...(current
          ? {
            ConditionExpression: "#state = :denied AND rid = :rid",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: {
              ":denied": "denied",
              ":rid": current.rid,
            },
          }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await getItem(store, key);
    // A retried put whose first attempt landed fails on our own item.
    if (now?.rid === item.rid) return ok(request);
    // Best effort: the index item is ours alone, and lists skip it anyway.
    await deleteIndex(store, pendingKey(item)).catch(() => {});
    return fail(
      now?.state === "granted" ? "already_member" : "already_pending",
    );
  }
  return ok(request);
}

/** Grants or denies a pending request; the caller checked the owner. */
export async function decide(
  store: Store,
  current: Item,
  grant: boolean,
): Promise<Result<JoinRequest, "not_pending">> {
  if (current.state !== "pending") return fail("not_pending");
  const state = grant ? "granted" : "denied";
  const decidedAt = Date.now();
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { pk: current.pk, sk: current.sk },
        UpdateExpression: "SET #state = :state, decidedAt = :at",
        ConditionExpression: "#state = :pending AND rid = :rid",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":state": state,
          ":at": decidedAt,
          ":pending": "pending",
          ":rid": current.rid,
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await getItem(store, current as { pk: string; sk: string });
    const ours = now?.rid === current.rid && now?.state === state &&
      now?.decidedAt === decidedAt;
    if (!ours) return fail("not_pending");
  }
  // The decision stands either way: a leftover index item is skipped by
  // lists and removed there, so a failed delete needs no retry here.
  await deleteIndex(store, pendingKey(current)).catch(() => {});
  return ok({ ...toJoinRequest(current), state, decidedAt });
}

/** Pending requests for every channel `owner` owns, oldest first. */
export function pendingFor(
  store: Store,
  owner: string,
  query: ListQuery,
): Promise<ListPage<JoinRequest>> {
  return indexPage(
    store,
    `PENDING#${keyPart(owner)}`,
    query,
    (request, row) => {
      // A row of an earlier filing (another rid) or a decided one is stale.
      const same = request?.rid === row.rid;
      if (same && request?.state === "pending") return "keep";
      return same ? "orphan" : "unknown";
    },
    (o) => deleteIndex(store, o),
  );
}

/** Every request `requester` has made, in channel-name order. */
export function requestsBy(
  store: Store,
  requester: string,
  query: ListQuery,
): Promise<ListPage<JoinRequest>> {
  return indexPage(
    store,
    `REQUESTS#${keyPart(requester)}`,
    query,
    (request) => request ? "keep" : "unknown",
    // Conditional: a filing may have rewritten the row since we read it.
    (o) => deleteIndex(store, o, o.at as number),
  );
}

/**
 * A page of an index partition, each row checked against its request item.
 * Rows the check calls orphans are removed; rows without a request item are
 * removed once older than the grace period (they may belong to a filing in
 * progress).
 */
function indexPage(
  store: Store,
  pk: string,
  query: ListQuery,
  check: (
    request: Item | undefined,
    row: Item,
  ) => "keep" | "orphan" | "unknown",
  remove: (row: Item) => Promise<unknown>,
): Promise<ListPage<JoinRequest>> {
  return verifiedPage(
    query,
    (after, count) => queryPartition(store, pk, after, count),
    async (rows) => {
      const requests = await batchGet(
        store,
        rows.map((r) => requestKey(r.ck as string, r.rk as string)),
      );
      const orphans: Item[] = [];
      const checked = rows.map((row) => {
        const request = requests.get(
          keyId(requestKey(row.ck as string, row.rk as string)),
        );
        const verdict = check(request, row);
        if (verdict === "keep") return toJoinRequest(request!);
        const old = Date.now() - (row.at as number) > ORPHAN_GRACE_MS;
        if (verdict === "orphan" || old) orphans.push(row);
        return null;
      });
      await Promise.all(orphans.map((o) => remove(o).catch(() => {})));
      return checked;
    },
  );
}

/** The request item's public shape. */
export function toJoinRequest(item: Item): JoinRequest {
  return {
    channel: item.channel as string,
    requester: item.requester as string,
    state: item.state as JoinRequest["state"],
    requestedAt: item.requestedAt as number,
    decidedAt: (item.decidedAt ?? null) as number | null,
  };
}

function pendingKey(request: Item): { pk: string; sk: string } {
  const at = String(request.requestedAt).padStart(15, "0");
  return {
    pk: `PENDING#${request.ownerKey}`,
    sk: `${at}#${request.ck}#${request.rk}#${request.rid}`,
  };
}

async function writeIndexes(store: Store, request: Item): Promise<void> {
  const { ck, rk, rid } = request;
  await Promise.all([
    store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: { ...pendingKey(request), ck, rk, rid, at: request.requestedAt },
      }),
    ),
    store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: { pk: `REQUESTS#${rk}`, sk: ck, ck, rk, at: Date.now() },
      }),
    ),
  ]);
}

async function deleteIndex(
  store: Store,
  key: Item,
  at?: number,
): Promise<void> {
  await store.doc.send(
    new DeleteCommand({
      TableName: store.table,
      Key: { pk: key.pk, sk: key.sk },
      ...(at === undefined ? {} : {
        ConditionExpression: "#at = :at",
        ExpressionAttributeNames: { "#at": "at" },
        ExpressionAttributeValues: { ":at": at },
      }),
    }),
  );
}
