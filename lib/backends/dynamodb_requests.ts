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
  filingRefusal,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  ok,
  pendingRequest,
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
import {
  channelKey,
  isConditionFailure,
  keyPart,
  requestKey,
} from "./dynamodb_table.ts";

/**
 * How old an orphan index item must be before a list deletes it. Younger
 * ones may belong to a filing (or a handover) still between its writes.
 */
export const ORPHAN_GRACE_MS = 10 * 60_000;

/**
 * Files a pending request for a channel that exists; not its owner's. A
 * handover landing meanwhile is noticed after the write, and the request
 * is then indexed under the new owner too.
 */
export async function fileRequest(
  store: Store,
  channel: Channel,
  requester: string,
): Promise<
  Result<JoinRequest, "already_member" | "already_pending" | "banned">
> {
  const ck = keyPart(channel.name);
  const rk = keyPart(requester);
  const key = requestKey(ck, rk);
  const current = await getItem(store, key);
  const refusal = filingRefusal(current?.state as JoinRequest["state"]);
  if (refusal === "already_pending") {
    // Rewriting its index items repairs a filing that crashed midway.
    await writeIndexes(store, current!);
  }
  if (refusal) return fail(refusal);
  const request = pendingRequest(channel, requester);
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
        // Replaces only the record we read (denied, removed, left), never
        // a newer one.
        ...(current
          ? {
            ConditionExpression: "#state = :prev AND rid = :rid",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: {
              ":prev": current.state,
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
      filingRefusal(now?.state as JoinRequest["state"]) ?? "already_pending",
    );
  }
  await followOwner(store, item);
  return ok(request);
}

// If the channel changed owner since it was read, the request moves to the
// new owner's list as a handover moves the others (`dynamodb_standing.ts`).
async function followOwner(store: Store, item: Item): Promise<void> {
  const channel = await getItem(store, channelKey(item.channel as string));
  const owner = channel && keyPart(channel.owner as string);
  if (!owner || owner === item.ownerKey) return;
  await moveToOwner(store, item, owner);
}

/**
 * Re-indexes a pending request under owner key `owner`: its `ownerKey`
 * first (so the old row turns orphan), then the new row.
 */
export async function moveToOwner(
  store: Store,
  request: Item,
  owner: string,
): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: { pk: request.pk, sk: request.sk },
      UpdateExpression: "SET ownerKey = :owner",
      ConditionExpression: "rid = :rid",
      ExpressionAttributeValues: { ":owner": owner, ":rid": request.rid },
    }),
  ).catch((error) => {
    if (!isConditionFailure(error)) throw error;
  });
  await writeIndexes(store, { ...request, ownerKey: owner });
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
  const written = await moveState(store, current, { to: state, decidedAt });
  if (!written) return fail("not_pending");
  // The decision stands either way: a leftover index item is skipped by
  // lists and removed there, so a failed delete needs no retry here.
  await deleteIndex(store, pendingKey(current)).catch(() => {});
  return ok({ ...toJoinRequest(current), state, decidedAt });
}

/**
 * Sets the request's state to `to` (and `decidedAt`) if it is still in the
 * state and filing (`rid`) read as `current`; resolves the item after, or
 * null when another write came first.
 */
export async function moveState(
  store: Store,
  current: Item,
  change: { to: string; decidedAt: number },
): Promise<Item | null> {
  // Marks this very write, so a retry that finds it landed knows it is ours
  // (racing writers may pick the same state in the same millisecond).
  const wid = randomId();
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: { pk: current.pk, sk: current.sk },
        UpdateExpression: "SET #state = :to, decidedAt = :at, wid = :wid",
        ConditionExpression: "#state = :from AND rid = :rid",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: {
          ":to": change.to,
          ":at": change.decidedAt,
          ":from": current.state,
          ":rid": current.rid,
          ":wid": wid,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes ?? null;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await getItem(store, current as { pk: string; sk: string });
    return now?.wid === wid ? now : null;
  }
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
      // A row of an earlier filing (another rid), a decided one, or one
      // moved to another owner by a handover is stale.
      const same = request?.rid === row.rid;
      const here = request?.ownerKey === keyPart(owner);
      if (same && here && request?.state === "pending") return "keep";
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
export function indexPage(
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

/** The pending-list row of a request item, under its `ownerKey`. */
export function pendingKey(request: Item): { pk: string; sk: string } {
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

/** Deletes an index row; with `at`, only if it was not rewritten since. */
export async function deleteIndex(
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
