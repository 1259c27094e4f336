/**
 * Standings in DynamoDB beyond filing and deciding
 * (`dynamodb_requests.ts`): changing one, a channel's roster, and handing a
 * channel over, correct without transactions. The request item stays the
 * only truth; roster rows `ROSTER#<channel>#<state> / <requester>` are
 * written BEFORE the state change that makes them true and checked against
 * the request item when read, like every other index here. A handover
 * writes the new owner's index rows first, then changes the channel item
 * (conditional on the old owner), then moves the pending requests.
 *
 * @module
 */
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type Channel,
  fail,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  ok,
  type Result,
  type RosterState,
  type StandingChange,
} from "../chat/mod.ts";
import {
  getItem,
  type Item,
  putNew,
  queryUpTo,
  randomId,
  type Store,
} from "./dynamodb_ops.ts";
import {
  deleteIndex,
  indexPage,
  moveState,
  moveToOwner,
  pendingKey,
  toJoinRequest,
} from "./dynamodb_requests.ts";
import {
  channelKey,
  isConditionFailure,
  keyPart,
  requestKey,
  toChannel,
} from "./dynamodb_table.ts";

const ROSTER: readonly string[] = ["granted", "banned"];
// Most requests a handover reads from one channel's partition.
const MAX_REQUESTERS = 10_000;

/** Writes the roster row that will list `rk` under `state` in channel `ck`. */
export async function putRosterRow(
  store: Store,
  row: { ck: string; rk: string; state: RosterState },
): Promise<void> {
  const { ck, rk, state } = row;
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: { pk: `ROSTER#${ck}#${state}`, sk: rk, ck, rk, at: Date.now() },
    }),
  );
}

/** Moves one standing if it is one of `change.from` and the owner is unchanged. */
export async function changeStanding(
  store: Store,
  channel: Channel,
  change: StandingChange,
): Promise<Result<JoinRequest, "not_found">> {
  const ck = keyPart(channel.name);
  const rk = keyPart(change.name);
  const key = requestKey(ck, rk);
  const [current, stored] = await Promise.all([
    getItem(store, key),
    getItem(store, channelKey(channel.name)),
  ]);
  const from = (current?.state ?? "none") as JoinRequest["state"] | "none";
  const owner = stored && keyPart(stored.owner as string);
  if (!change.from.includes(from) || owner !== keyPart(channel.owner)) {
    return fail("not_found");
  }
  if (ROSTER.includes(change.to)) {
    await putRosterRow(store, { ck, rk, state: change.to as RosterState });
  }
  const now = Date.now();
  const written = current
    ? await moveState(store, current, { to: change.to, decidedAt: now })
    : await create(store, {
      ...key,
      channel: channel.name,
      requester: change.name,
      state: change.to,
      requestedAt: now,
      decidedAt: now,
      ck,
      rk,
      ownerKey: owner,
      rid: randomId(),
    });
  if (!written) return fail("not_found");
  // The pending row is skipped by lists from now on; removing it is tidying.
  if (from === "pending") {
    await deleteIndex(store, pendingKey(current!)).catch(() => {});
  }
  return ok(toJoinRequest(written));
}

/** A channel's members or bans, in name order, each checked. */
export function listRoster(
  store: Store,
  channel: string,
  state: RosterState,
  query: ListQuery,
): Promise<ListPage<JoinRequest>> {
  return indexPage(
    store,
    `ROSTER#${keyPart(channel)}#${state}`,
    query,
    (request) => request?.state === state ? "keep" : "unknown",
    // Conditional: a change back to this state may have rewritten the row.
    (o) => deleteIndex(store, o, o.at as number),
  );
}

/** Hands `channel` to `to` if `channel.owner` still owns it. */
export async function transferChannel(
  store: Store,
  channel: Channel,
  to: string,
): Promise<Result<Channel, "not_found">> {
  const ck = keyPart(channel.name);
  const previous = keyPart(channel.owner);
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: { pk: `OWNED#${keyPart(to)}`, sk: ck, at: Date.now() },
    }),
  );
  // The previous owner stays: their member row first, like any grant.
  await putRosterRow(store, { ck, rk: previous, state: "granted" });
  let updated: Item | undefined;
  try {
    ({ Attributes: updated } = await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: channelKey(channel.name),
        UpdateExpression: "SET #owner = :to",
        ConditionExpression: "#owner = :from",
        ExpressionAttributeNames: { "#owner": "owner" },
        ExpressionAttributeValues: { ":to": to, ":from": channel.owner },
        ReturnValues: "ALL_NEW",
      }),
    ));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // A retried update whose first attempt landed fails on its own result.
    const now = await getItem(store, channelKey(channel.name));
    if (now?.owner !== to) return fail("not_found");
    updated = now;
  }
  await makeMember(store, channel, { rk: previous, owner: keyPart(to) });
  const owner = keyPart(to);
  for (const request of await pendingIn(store, ck)) {
    if (request.ownerKey !== owner) await moveToOwner(store, request, owner);
  }
  // The previous owner's `OWNED` row is now skipped, and removed by a
  // later listing once older than the grace period.
  return ok(toChannel(updated!));
}

// The previous owner's record becomes (or is created as) a grant.
async function makeMember(
  store: Store,
  channel: Channel,
  who: { rk: string; owner: string },
): Promise<void> {
  const { rk, owner } = who;
  const ck = keyPart(channel.name);
  const now = Date.now();
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: requestKey(ck, rk),
      UpdateExpression:
        "SET #state = :granted, decidedAt = :now, channel = :channel, " +
        "requester = if_not_exists(requester, :requester), " +
        "requestedAt = if_not_exists(requestedAt, :now), ck = :ck, rk = :rk, " +
        "ownerKey = :owner, rid = if_not_exists(rid, :rid)",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: {
        ":granted": "granted",
        ":now": now,
        ":channel": channel.name,
        ":requester": channel.owner,
        ":ck": ck,
        ":rk": rk,
        ":owner": owner,
        ":rid": randomId(),
      },
    }),
  );
}

// The channel's pending requests: its partition holds one item per
// requester ever, read in full (handovers are rare).
async function pendingIn(store: Store, ck: string): Promise<Item[]> {
  const items = await queryUpTo(store, {
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :req)",
    FilterExpression: "#state = :pending",
    ExpressionAttributeNames: { "#state": "state" },
    ExpressionAttributeValues: {
      ":pk": `C#${ck}`,
      ":req": "REQ#",
      ":pending": "pending",
    },
  }, MAX_REQUESTERS);
  return items;
}

// A record for a standing without a request (a ban may come first).
async function create(
  store: Store,
  item: Item & { pk: string; sk: string; rid: string },
): Promise<Item | null> {
  return await putNew(store, item) ? item : null;
}
