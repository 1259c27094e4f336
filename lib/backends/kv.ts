/**
 * The Deno KV backend: durable, single-file storage (SQLite underneath, or
 * a shared database on Deno Deploy). Every read is a bounded range list.
 * Key layout: see `kv_keys.ts` and `docs/backend_kv.md`.
 *
 * @module
 */
import { dirname } from "node:path";
import {
  type Backend,
  type Channel,
  fail,
  type HistoryPage,
  type HistoryQuery,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  type Message,
  type MessageDraft,
  nameKey,
  ok,
  pageLimit,
  type Participant,
  verifyPassword,
} from "../chat/mod.ts";
import { newAccount } from "./account.ts";
import { commit, retry } from "./kv_commit.ts";
import * as K from "./kv_keys.ts";
import { KvMessageWriter } from "./kv_messages.ts";

/** Options for `openKvBackend`. */
export interface KvBackendOptions {
  /** Database file, default `./data/parley.kv`; `:memory:` for none. */
  path?: string;
  /** PBKDF2 iterations for new password hashes. */
  pbkdf2Iterations?: number;
  /** An already-open database to use; the backend then never closes it. */
  kv?: Deno.Kv;
}

interface Account {
  participant: Participant;
  credential: string;
}

/** A `Backend` on a `Deno.Kv` database. */
export class KvBackend implements Backend {
  #kv: Deno.Kv;
  #owned: boolean;
  #hashing: { iterations?: number };
  #messages: KvMessageWriter;

  /** Wraps `kv`; `owned` says whether `close()` closes it. */
  constructor(
    kv: Deno.Kv,
    options: { owned?: boolean; pbkdf2Iterations?: number } = {},
  ) {
    this.#kv = kv;
    this.#owned = options.owned ?? false;
    this.#hashing = { iterations: options.pbkdf2Iterations };
    this.#messages = new KvMessageWriter(kv);
  }

  async hasParticipant(name: string): Promise<boolean> {
    return (await this.#kv.get(K.participantKey(name))).versionstamp !== null;
  }

  async registerParticipant(
    name: string,
    passwordSha256: string,
    email: string,
  ) {
    const key = K.participantKey(name);
    // Saves a slow hash in the common case; the check below decides races.
    if (await this.hasParticipant(name)) return fail("taken");
    const { participant, credential } = await newAccount(name, passwordSha256, {
      email,
      ...this.#hashing,
    });
    const done = await commit(
      this.#kv.atomic().check({ key, versionstamp: null })
        .set(key, { participant, credential } satisfies Account),
    );
    return done ? ok(participant) : fail("taken");
  }

  async authenticateParticipant(name: string, passwordSha256: string) {
    const key = K.participantKey(name);
    let entry = await this.#kv.get<Account>(key);
    // A missing account still costs one derivation: timing hides names.
    const stored = entry.value?.credential ?? null;
    if (!await verifyPassword(passwordSha256, stored, this.#hashing)) {
      return fail("invalid_credentials");
    }
    return await retry(async () => {
      if (!entry.value) return fail("invalid_credentials");
      const previous = entry.value.participant;
      const participant = { ...previous, lastLoginAt: Date.now() };
      const account = { ...entry.value, participant };
      const done = await commit(
        this.#kv.atomic().check(entry).set(key, account),
      );
      if (done) return ok(previous);
      entry = await this.#kv.get<Account>(key);
    });
  }

  async getParticipant(name: string): Promise<Participant | null> {
    return (await this.#kv.get<Account>(K.participantKey(name))).value
      ?.participant ?? null;
  }

  listParticipants(query: ListQuery = {}): Promise<ListPage<Participant>> {
    return K.listPage<Account, Participant>(
      this.#kv,
      ["participant"],
      query,
      (a) => a.participant,
    );
  }

  storeMessage(draft: MessageDraft): Promise<Message> {
    // Group commit: concurrent sends to a room share one atomic commit.
    return this.#messages.store(draft);
  }

  getChatHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    return this.#history(null, query);
  }

  getChannelHistory(
    channel: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage> {
    return this.#history(channel, query);
  }

  async registerChannel(name: string, owner: string) {
    const key = K.channelKey(name);
    const channel: Channel = {
      name,
      owner,
      createdAt: Date.now(),
      slowModeSeconds: 0,
    };
    // The owner's index entry commits with the channel, so it never lags.
    const done = await commit(
      this.#kv.atomic().check({ key, versionstamp: null })
        .set(key, channel).set(K.ownedKey(owner, name), channel),
    );
    return done ? ok(channel) : fail("taken");
  }

  async getChannel(name: string): Promise<Channel | null> {
    const value = (await this.#kv.get<Channel>(K.channelKey(name))).value;
    return value && withDefaults(value);
  }

  listChannels(query: ListQuery = {}): Promise<ListPage<Channel>> {
    return K.listPage<Channel>(this.#kv, ["channel"], query, withDefaults);
  }

  listChannelsOwnedBy(
    owner: string,
    query: ListQuery = {},
  ): Promise<ListPage<Channel>> {
    return K.listPage<Channel>(
      this.#kv,
      ["owned", nameKey(owner)],
      query,
      withDefaults,
    );
  }

  async setSlowMode(channel: string, seconds: number, options: { by: string }) {
    const key = K.channelKey(channel);
    return await retry(async () => {
      const entry = await this.#kv.get<Channel>(key);
      if (!entry.value) return fail("not_found");
      if (nameKey(entry.value.owner) !== nameKey(options.by)) {
        return fail("forbidden");
      }
      const updated = { ...entry.value, slowModeSeconds: seconds };
      const done = await commit(
        this.#kv.atomic().check(entry).set(key, updated)
          .set(K.ownedKey(updated.owner, updated.name), updated),
      );
      return done ? ok(updated) : undefined;
    });
  }

  async requestAccess(channel: string, requester: string) {
    const found = await this.getChannel(channel);
    if (!found) return fail("not_found");
    if (nameKey(found.owner) === nameKey(requester)) {
      return fail("already_member");
    }
    const key = K.requestKey(requester, channel);
    return await retry(async () => {
      const entry = await this.#kv.get<JoinRequest>(key);
      if (entry.value?.state === "granted") return fail("already_member");
      if (entry.value?.state === "pending") return fail("already_pending");
      const request: JoinRequest = {
        channel: found.name,
        requester,
        state: "pending",
        requestedAt: Date.now(),
        decidedAt: null,
      };
      const done = await commit(
        this.#kv.atomic().check(entry).set(key, request)
          .set(K.pendingKey(found.owner, request), request),
      );
      return done ? ok(request) : undefined;
    });
  }

  async decideRequest(
    channel: string,
    requester: string,
    decision: { by: string; grant: boolean },
  ) {
    const found = await this.getChannel(channel);
    const key = K.requestKey(requester, channel);
    return await retry(async () => {
      const entry = await this.#kv.get<JoinRequest>(key);
      if (!found || !entry.value) return fail("not_found");
      if (nameKey(found.owner) !== nameKey(decision.by)) {
        return fail("forbidden");
      }
      if (entry.value.state !== "pending") return fail("not_pending");
      const decided: JoinRequest = {
        ...entry.value,
        state: decision.grant ? "granted" : "denied",
        decidedAt: Date.now(),
      };
      const done = await commit(
        this.#kv.atomic().check(entry).set(key, decided)
          .delete(K.pendingKey(found.owner, entry.value)),
      );
      return done ? ok(decided) : undefined;
    });
  }

  listPendingRequests(
    owner: string,
    query: ListQuery = {},
  ): Promise<ListPage<JoinRequest>> {
    return K.listPage<JoinRequest>(
      this.#kv,
      ["pending", nameKey(owner)],
      query,
    );
  }

  listRequestsBy(
    requester: string,
    query: ListQuery = {},
  ): Promise<ListPage<JoinRequest>> {
    return K.listPage<JoinRequest>(
      this.#kv,
      ["request", nameKey(requester)],
      query,
    );
  }

  async isMember(channel: string, name: string): Promise<boolean> {
    const [found, request] = await this.#kv.getMany<[Channel, JoinRequest]>([
      K.channelKey(channel),
      K.requestKey(name, channel),
    ]);
    if (!found.value) return false;
    return nameKey(found.value.owner) === nameKey(name) ||
      request.value?.state === "granted";
  }

  async getReadMarker(name: string, channel: string | null): Promise<number> {
    const entry = await this.#kv.get<Deno.KvU64>(K.markerKey(name, channel));
    return entry.value ? Number(entry.value.value) : 0;
  }

  async setReadMarker(
    name: string,
    channel: string | null,
    id: number,
  ): Promise<void> {
    if (!Number.isSafeInteger(id) || id <= 0) return;
    // KV's own max mutation: forward only, with no read and no retry loop.
    await commit(
      this.#kv.atomic().max(K.markerKey(name, channel), BigInt(id)),
    );
  }

  close(): Promise<void> {
    if (this.#owned) this.#kv.close();
    return Promise.resolve();
  }

  async #history(
    channel: string | null,
    query: HistoryQuery,
  ): Promise<HistoryPage> {
    const limit = pageLimit(query.limit);
    const { selector, reverse } = K.historyRange(channel, query);
    // One entry beyond the page tells whether there is more.
    const entries = await Array.fromAsync(
      this.#kv.list<Message>(selector, { limit: limit + 1, reverse }),
    );
    const messages = entries.slice(0, limit).map((e) => e.value);
    if (reverse) messages.reverse();
    return { messages, hasMore: entries.length > limit };
  }
}

/** Opens (creating if needed) a KV database and wraps it in a `KvBackend`. */
export async function openKvBackend(
  options: KvBackendOptions = {},
): Promise<KvBackend> {
  const { kv, pbkdf2Iterations } = options;
  if (kv) return new KvBackend(kv, { pbkdf2Iterations });
  const path = options.path ?? "./data/parley.kv";
  if (path !== ":memory:" && path !== "") {
    await Deno.mkdir(dirname(path), { recursive: true });
  }
  // An empty path opens the runtime's default database (shared on Deploy).
  return new KvBackend(await Deno.openKv(path || undefined), {
    owned: true,
    pbkdf2Iterations,
  });
}

// Channels stored before slow mode existed have no such field.
function withDefaults(channel: Channel): Channel {
  return { ...channel, slowModeSeconds: channel.slowModeSeconds ?? 0 };
}
