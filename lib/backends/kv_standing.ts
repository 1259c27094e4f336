/**
 * Standings in the Deno KV backend: filing, deciding, changing and listing
 * them, and handing a channel over. Every write is one atomic commit that
 * checks what it read (the request, the channel and so its owner), so the
 * request record, the owner's pending list and the channel's roster never
 * fall out of step, even under racing writers or a concurrent handover.
 *
 * @module
 */
import {
  type Channel,
  fail,
  filingRefusal,
  type JoinRequest,
  type ListPage,
  nameKey,
  ok,
  pendingRequest,
  type Result,
  type RosterState,
  type Standing,
  type StandingChange,
} from "../chat/mod.ts";
import { commit, retry } from "./kv_commit.ts";
import * as K from "./kv_keys.ts";

const ROSTER: readonly Standing[] = ["granted", "banned"];

/** Files a pending request in the list of whoever owns the channel now. */
export function fileRequest(
  kv: Deno.Kv,
  channel: Channel,
  requester: string,
): Promise<
  Result<JoinRequest, "already_member" | "already_pending" | "banned">
> {
  const key = K.requestKey(requester, channel.name);
  return retry(async () => {
    const [stored, entry] = await kv.getMany<[Channel, JoinRequest]>([
      K.channelKey(channel.name),
      key,
    ]);
    const refusal = filingRefusal(entry.value?.state);
    if (refusal) return fail(refusal);
    const owner = stored.value?.owner ?? channel.owner;
    const request = pendingRequest(channel, requester);
    const done = await commit(
      kv.atomic().check(entry).check(stored).set(key, request)
        .set(K.pendingKey(owner, request), request)
        .set(K.filingsKey(channel.name), request.requestedAt),
    );
    return done ? ok(request) : undefined;
  });
}

/** Grants or denies a pending request while `channel.owner` still owns it. */
export function recordDecision(
  kv: Deno.Kv,
  channel: Channel,
  decision: { requester: string; grant: boolean },
): Promise<Result<JoinRequest, "not_found" | "not_pending" | "forbidden">> {
  const key = K.requestKey(decision.requester, channel.name);
  return retry(async () => {
    const [stored, entry] = await kv.getMany<[Channel, JoinRequest]>([
      K.channelKey(channel.name),
      key,
    ]);
    if (!entry.value) return fail("not_found");
    if (entry.value.state !== "pending") return fail("not_pending");
    if (!ownedBy(stored.value, channel.owner)) return fail("forbidden");
    const decided: JoinRequest = {
      ...entry.value,
      state: decision.grant ? "granted" : "denied",
      decidedAt: Date.now(),
    };
    const op = kv.atomic().check(entry).check(stored).set(key, decided)
      .delete(K.pendingKey(channel.owner, entry.value));
    if (decision.grant) {
      op.set(K.rosterKey(channel.name, "granted", decided.requester), decided);
    }
    return await commit(op) ? ok(decided) : undefined;
  });
}

/** Moves one standing if it is one of `change.from`, with its index entries. */
export function changeStanding(
  kv: Deno.Kv,
  channel: Channel,
  change: StandingChange,
): Promise<Result<JoinRequest, "not_found">> {
  const key = K.requestKey(change.name, channel.name);
  return retry(async () => {
    const [stored, entry] = await kv.getMany<[Channel, JoinRequest]>([
      K.channelKey(channel.name),
      key,
    ]);
    const from = entry.value?.state ?? "none";
    if (!change.from.includes(from) || !ownedBy(stored.value, channel.owner)) {
      return fail("not_found");
    }
    const now = Date.now();
    const record = entry.value ??
      { channel: channel.name, requester: change.name, requestedAt: now };
    const updated: JoinRequest = {
      ...record,
      state: change.to,
      decidedAt: now,
    };
    const op = kv.atomic().check(entry).check(stored).set(key, updated);
    if (entry.value?.state === "pending") {
      op.delete(K.pendingKey(channel.owner, entry.value));
    }
    if (ROSTER.includes(from)) {
      op.delete(K.rosterKey(channel.name, from as RosterState, change.name));
    }
    if (ROSTER.includes(change.to)) {
      const state = change.to as RosterState;
      op.set(K.rosterKey(channel.name, state, change.name), updated);
    }
    return await commit(op) ? ok(updated) : undefined;
  });
}

/** A channel's members or bans, in name order. */
export function listRoster(
  kv: Deno.Kv,
  channel: string,
  state: RosterState,
  query = {},
): Promise<ListPage<JoinRequest>> {
  return K.listPage<JoinRequest>(
    kv,
    ["roster", nameKey(channel), state],
    query,
  );
}

/**
 * Hands `channel` to `to` in one commit: the channel, both owners' index
 * entries, the channel's pending entries (each checked, and the filings
 * key, so none filed or decided meanwhile is lost) and the previous
 * owner's member record.
 */
export function transferChannel(
  kv: Deno.Kv,
  channel: Channel,
  to: string,
): Promise<Result<Channel, "not_found">> {
  const previous = channel.owner;
  return retry(async () => {
    const [stored, filings, mine] = await kv.getMany<
      [Channel, number, JoinRequest]
    >([
      K.channelKey(channel.name),
      K.filingsKey(channel.name),
      K.requestKey(previous, channel.name),
    ]);
    if (!ownedBy(stored.value, previous)) return fail("not_found");
    const pending = await pendingOf(kv, previous, channel.name);
    const updated = { ...stored.value!, owner: to };
    const now = Date.now();
    const member: JoinRequest = {
      channel: updated.name,
      requester: previous,
      requestedAt: mine.value?.requestedAt ?? now,
      state: "granted",
      decidedAt: now,
    };
    const op = kv.atomic().check(stored).check(filings).check(mine)
      .set(K.channelKey(updated.name), updated)
      .delete(K.ownedKey(previous, updated.name))
      .set(K.ownedKey(to, updated.name), updated)
      .set(K.requestKey(previous, updated.name), member)
      .set(K.rosterKey(updated.name, "granted", previous), member);
    for (const entry of pending) {
      op.check(entry).delete(entry.key)
        .set(K.pendingKey(to, entry.value), entry.value);
    }
    return await commit(op) ? ok(updated) : undefined;
  });
}

// The channel's entries in `owner`'s pending list: a few pages at most,
// bounded by the pending-requests limit of each of their channels.
async function pendingOf(
  kv: Deno.Kv,
  owner: string,
  channel: string,
): Promise<Deno.KvEntry<JoinRequest>[]> {
  const out: Deno.KvEntry<JoinRequest>[] = [];
  const prefix = ["pending", nameKey(owner)];
  for await (const entry of kv.list<JoinRequest>({ prefix })) {
    if (nameKey(entry.value.channel) === nameKey(channel)) out.push(entry);
  }
  return out;
}

function ownedBy(channel: Channel | null, owner: string): boolean {
  return channel !== null && nameKey(channel.owner) === nameKey(owner);
}
