/**
 * The Deno KV backend: durable, single-file storage (SQLite underneath, or
 * a shared database on Deno Deploy). Every read is a bounded range list.
 * Key layout: see `kv_keys.ts` and `docs/backend_kv.md`.
 *
 * @module
 */
import { dirname } from "node:path";
import { type Backend, nameKey } from "../chat/backend.ts";
import { hashPassword, verifyPassword } from "../chat/password.ts";
import { fail, ok } from "../chat/result.ts";
import {
  type Channel,
  type HistoryPage,
  type HistoryQuery,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  type Message,
  type MessageDraft,
  pageLimit,
  type Participant,
} from "../chat/types.ts";
import * as K from "./kv_keys.ts";

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
  #tails = new Map<string, Promise<unknown>>();

  /** Wraps `kv`; `owned` says whether `close()` closes it. */
  constructor(
    kv: Deno.Kv,
    options: { owned?: boolean; pbkdf2Iterations?: number } = {},
  ) {
    this.#kv = kv;
    this.#owned = options.owned ?? false;
    this.#hashing = { iterations: options.pbkdf2Iterations };
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
    const credential = await hashPassword(passwordSha256, this.#hashing);
    const participant: Participant = {
      name,
      email,
      createdAt: Date.now(),
      lastLoginAt: null,
    };
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
    const head = K.headKey(draft.channel);
    const prefix = K.messagePrefix(draft.channel);
    // Queued per room so this process never races itself; the head check
    // still makes other processes' senders retry instead of sharing an id.
    return this.#serial(JSON.stringify(head), () =>
      retry(async () => {
        const last = await this.#kv.get<number>(head);
        const message: Message = { ...draft, id: (last.value ?? 0) + 1 };
        const done = await commit(
          this.#kv.atomic().check(last).set(head, message.id)
            .set([...prefix, message.id], message),
        );
        return done ? message : undefined;
      }));
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
    const channel: Channel = { name, owner, createdAt: Date.now() };
    const done = await commit(
      this.#kv.atomic().check({ key, versionstamp: null })
        .set(key, channel),
    );
    return done ? ok(channel) : fail("taken");
  }

  async getChannel(name: string): Promise<Channel | null> {
    return (await this.#kv.get<Channel>(K.channelKey(name))).value;
  }

  listChannels(query: ListQuery = {}): Promise<ListPage<Channel>> {
    return K.listPage<Channel>(this.#kv, ["channel"], query);
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

  close(): Promise<void> {
    if (this.#owned) this.#kv.close();
    return Promise.resolve();
  }

  // Chains jobs per queue name; the last job of a queue deletes it, so idle
  // rooms cost no memory.
  #serial<T>(queue: string, job: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(queue) ?? Promise.resolve()).then(job);
    const tail: Promise<void> = run.catch(() => {}).then(() => {
      if (this.#tails.get(queue) === tail) this.#tails.delete(queue);
    });
    this.#tails.set(queue, tail);
    return run;
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

// Optimistic concurrency: `attempt` yields undefined when its commit lost a race.
async function retry<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
  }
}

// SQLite answers "database is locked" while another process (or handle)
// writes the same file; that passes, so wait a little and commit again.
async function commit(op: Deno.AtomicOperation): Promise<boolean> {
  for (let attempt = 1;; attempt++) {
    try {
      return (await op.commit()).ok;
    } catch (error) {
      if (attempt === 50 || !String(error).includes("database is locked")) {
        throw error;
      }
      const ms = Math.min(2 ** attempt, 100) * Math.random();
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }
}
