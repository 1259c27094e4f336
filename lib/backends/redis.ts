/**
 * The Redis backend: shared, fast storage for running several chat servers
 * against one Redis. Key layout and outage behaviour: docs/backend_redis.md.
 *
 * @module
 */
import { type ChainableCommander, Redis } from "ioredis";
import { type Backend, nameKey } from "../chat/backend.ts";
import { ChatError } from "../chat/errors.ts";
import { fail, ok, type Result } from "../chat/result.ts";
import { verifyPassword } from "../chat/password.ts";
import { newAccount } from "./account.ts";
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
import {
  CHANNEL_FIELDS,
  defineScripts,
  markerField,
  optNumber,
  part,
  RedisKeys,
  REQUEST_FIELDS,
  requestMember,
  scoreBound,
  type ScriptedRedis,
  toChannel,
  toPage,
  toParticipant,
  toRequest,
  USER_FIELDS,
} from "./redis_scripts.ts";

/** Options for `openRedisBackend`. */
export interface RedisBackendOptions {
  /** Server URL; default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prepended to every key, so several deployments can share one Redis. */
  prefix?: string;
  /** PBKDF2 iterations for new password hashes. */
  pbkdf2Iterations?: number;
  /** How long one command may take before it rejects; default 2000 ms. */
  commandTimeoutMs?: number;
}

const DEFAULT_URL = "redis://127.0.0.1:6379";
const DEFAULT_TIMEOUT_MS = 2000;
/** A `Backend` keeping everything in one Redis database. */
export class RedisBackend implements Backend {
  /** The connection; `duplicate()` it for pub/sub, which needs its own. */
  readonly redis: Redis;
  #db: ScriptedRedis;
  #keys: RedisKeys;
  #iterations?: number;
  #connected = false;
  #down = false;
  #closing = false;

  /**
   * Creates a backend whose client has not connected yet; prefer
   * `openRedisBackend`, which also connects and reports a dead server.
   */
  constructor(options: RedisBackendOptions = {}) {
    const timeout = options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.redis = new Redis(options.url ?? DEFAULT_URL, {
      lazyConnect: true,
      // While the link is down, commands fail at once instead of queueing:
      // a queued write could run long after its caller was told it failed.
      enableOfflineQueue: false,
      // Commands in flight when the link drops fail after one reconnect try.
      maxRetriesPerRequest: 1,
      // Bounds a command on a connection that is open but not answering.
      commandTimeout: timeout,
      connectTimeout: timeout,
      retryStrategy: (times) => this.#retryDelay(times),
    });
    this.#db = defineScripts(this.redis);
    this.#keys = new RedisKeys(options.prefix ?? "parley:");
    this.#iterations = options.pbkdf2Iterations;
    // ioredis emits an error on every failed reconnect; one line per outage
    // is enough to tell an operator, and a flood would hide everything else.
    this.redis.on("error", (err: Error) => {
      if (this.#down || !this.#connected || this.#closing) return;
      this.#down = true;
      console.error(`Redis backend: ${err.message}; reconnecting`);
    });
    this.redis.on("ready", () => {
      this.#connected = true;
      // A reconnect that lands after close() began is ended right away.
      if (this.#closing) this.redis.quit().catch(() => {});
      if (!this.#down) return;
      this.#down = false;
      console.error("Redis backend: reconnected");
    });
  }

  hasParticipant(name: string): Promise<boolean> {
    return guard(async () =>
      await this.redis.exists(this.#keys.user(name)) === 1
    );
  }

  registerParticipant(
    name: string,
    passwordSha256: string,
    email: string,
  ): Promise<Result<Participant, "taken">> {
    return guard(async () => {
      const key = this.#keys.user(name);
      // Refused before hashing so a taken name costs no PBKDF2 run; the
      // script below is what makes the check race-free.
      if (await this.redis.exists(key)) return fail("taken");
      const { participant, credential } = await newAccount(
        name,
        passwordSha256,
        { email, iterations: this.#iterations },
      );
      const created = await this.#db.parleyCreate(
        key,
        this.#keys.key("users"),
        part(name),
        ...["name", name, "email", email],
        ...["createdAt", String(participant.createdAt), "lastLoginAt", ""],
        ...["credential", credential],
      );
      return created === 1 ? ok(participant) : fail("taken");
    });
  }

  authenticateParticipant(
    name: string,
    passwordSha256: string,
  ): Promise<Result<Participant, "invalid_credentials">> {
    return guard(async () => {
      const key = this.#keys.user(name);
      const [credential, ...row] = await this.redis.hmget(
        key,
        "credential",
        ...USER_FIELDS,
      );
      // Verified even for unknown names, so timing does not reveal them.
      const valid = await verifyPassword(passwordSha256, credential, {
        iterations: this.#iterations,
      });
      if (!valid) return fail("invalid_credentials");
      const previous = await this.#db.parleyLogin(key, String(Date.now()));
      if (previous === null) return fail("invalid_credentials");
      return ok({ ...toParticipant(row)!, lastLoginAt: optNumber(previous) });
    });
  }

  getParticipant(name: string): Promise<Participant | null> {
    return guard(async () =>
      toParticipant(
        await this.redis.hmget(this.#keys.user(name), ...USER_FIELDS),
      )
    );
  }

  listParticipants(query: ListQuery = {}): Promise<ListPage<Participant>> {
    return this.#pageByName(
      this.#keys.key("users"),
      query,
      (m) => this.#keys.userAt(m),
      USER_FIELDS,
      toParticipant,
    );
  }

  storeMessage(draft: MessageDraft): Promise<Message> {
    const { sender, sentAt, text, channel } = draft;
    const tail = JSON.stringify({ sender, sentAt, text, channel }).slice(1);
    const room = this.#keys.room(channel);
    return guard(async () => {
      const id = await this.#db.parleyStore(room.seq, room.log, tail);
      return { id, sender, sentAt, text, channel };
    });
  }

  getChatHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    return this.#history(this.#keys.room(null).log, query);
  }

  getChannelHistory(
    channel: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage> {
    return this.#history(this.#keys.room(channel).log, query);
  }

  registerChannel(
    name: string,
    owner: string,
  ): Promise<Result<Channel, "taken">> {
    return guard(async () => {
      const channel: Channel = {
        name,
        owner,
        createdAt: Date.now(),
        slowModeSeconds: 0,
      };
      const created = await this.#db.parleyCreateChannel(
        this.#keys.channel(name),
        this.#keys.key("channels"),
        this.#keys.owned(owner),
        part(name),
        ...["name", name, "owner", owner],
        ...["createdAt", String(channel.createdAt), "slowModeSeconds", "0"],
      );
      return created === 1 ? ok(channel) : fail("taken");
    });
  }

  getChannel(name: string): Promise<Channel | null> {
    return guard(async () =>
      toChannel(
        await this.redis.hmget(this.#keys.channel(name), ...CHANNEL_FIELDS),
      )
    );
  }

  listChannels(query: ListQuery = {}): Promise<ListPage<Channel>> {
    return this.#pageByName(
      this.#keys.key("channels"),
      query,
      (m) => this.#keys.channelAt(m),
      CHANNEL_FIELDS,
      toChannel,
    );
  }

  listChannelsOwnedBy(
    owner: string,
    query: ListQuery = {},
  ): Promise<ListPage<Channel>> {
    return this.#pageByName(
      this.#keys.owned(owner),
      query,
      (m) => this.#keys.channelAt(m),
      CHANNEL_FIELDS,
      toChannel,
    );
  }

  setSlowMode(
    channel: string,
    seconds: number,
    options: { by: string },
  ): Promise<Result<Channel, "not_found" | "forbidden">> {
    return guard(async () => {
      const key = this.#keys.channel(channel);
      const found = toChannel(await this.redis.hmget(key, ...CHANNEL_FIELDS));
      if (!found) return fail("not_found");
      if (nameKey(found.owner) !== nameKey(options.by)) {
        return fail("forbidden");
      }
      // Channels are never deleted nor handed over: the read above holds.
      await this.redis.hset(key, "slowModeSeconds", String(seconds));
      return ok({ ...found, slowModeSeconds: seconds });
    });
  }

  requestAccess(
    channel: string,
    requester: string,
  ): Promise<
    Result<JoinRequest, "not_found" | "already_member" | "already_pending">
  > {
    return guard(async () => {
      const found = await this.getChannel(channel);
      if (!found) return fail("not_found");
      if (nameKey(found.owner) === nameKey(requester)) {
        return fail("already_member");
      }
      const now = Date.now();
      // Channels are never deleted nor handed over, so the owner read above
      // stays valid while the script runs.
      const outcome = await this.#db.parleyRequest(
        this.#keys.request(channel, requester),
        this.#keys.pending(found.owner),
        this.#keys.requestsBy(requester),
        this.#keys.key("requests:seq"),
        requestMember(channel, requester),
        part(channel),
        found.name,
        requester,
        String(now),
      );
      if (outcome === "already_member" || outcome === "already_pending") {
        return fail(outcome);
      }
      const request: JoinRequest = {
        channel: found.name,
        requester,
        state: "pending",
        requestedAt: now,
        decidedAt: null,
      };
      return ok(request);
    });
  }

  decideRequest(
    channel: string,
    requester: string,
    decision: { by: string; grant: boolean },
  ): Promise<Result<JoinRequest, "not_found" | "forbidden" | "not_pending">> {
    return guard(async () => {
      const owner = await this.redis.hget(this.#keys.channel(channel), "owner");
      if (owner === null) return fail("not_found");
      const state = decision.grant ? "granted" : "denied";
      const now = Date.now();
      const [outcome, name, who, requestedAt] = await this.#db.parleyDecide(
        this.#keys.request(channel, requester),
        this.#keys.pending(owner),
        requestMember(channel, requester),
        nameKey(owner) === nameKey(decision.by) ? "1" : "0",
        state,
        String(now),
      );
      if (
        outcome === "not_found" || outcome === "forbidden" ||
        outcome === "not_pending"
      ) {
        return fail(outcome);
      }
      return ok<JoinRequest>({
        channel: name!,
        requester: who!,
        state,
        requestedAt: Number(requestedAt),
        decidedAt: now,
      });
    });
  }

  listPendingRequests(
    owner: string,
    query: ListQuery = {},
  ): Promise<ListPage<JoinRequest>> {
    const limit = pageLimit(query.limit);
    // The cursor is the request counter of the last item shown.
    const after = query.after === undefined ? 0 : Number(query.after);
    if (!Number.isSafeInteger(after)) return Promise.resolve({ items: [] });
    return guard(async () => {
      const reply = await this.redis.zrangebyscore(
        this.#keys.pending(owner),
        `(${after}`,
        "+inf",
        "WITHSCORES",
        "LIMIT",
        0,
        limit + 1,
      );
      // Flattened so the pairs read alike over RESP2 and RESP3.
      const flat = (reply as unknown[]).flat() as string[];
      const members = flat.filter((_, i) => i % 2 === 0);
      const page = members.slice(0, limit);
      const rows = await this.#rows(
        page.map((m) => this.#keys.requestAt(m)),
        REQUEST_FIELDS,
      );
      // A decision may land between the two reads; such a row is skipped.
      const items = rows.map(toRequest).filter((r) => r?.state === "pending");
      return {
        items: items as JoinRequest[],
        ...(members.length > limit ? { next: flat[2 * limit - 1] } : {}),
      };
    });
  }

  listRequestsBy(
    requester: string,
    query: ListQuery = {},
  ): Promise<ListPage<JoinRequest>> {
    return this.#pageByName(
      this.#keys.requestsBy(requester),
      query,
      (m) => this.#keys.requestAt(`${m}:${part(requester)}`),
      REQUEST_FIELDS,
      toRequest,
    );
  }

  isMember(channel: string, name: string): Promise<boolean> {
    return guard(async () => {
      const [owner, state] = await this.#exec((p) =>
        p.hget(this.#keys.channel(channel), "owner")
          .hget(this.#keys.request(channel, name), "state")
      ) as (string | null)[];
      if (owner === null) return false;
      return nameKey(owner) === nameKey(name) || state === "granted";
    });
  }

  getReadMarker(name: string, channel: string | null): Promise<number> {
    return guard(async () =>
      Number(
        await this.redis.hget(this.#keys.markers(name), markerField(channel)) ??
          0,
      )
    );
  }

  setReadMarker(
    name: string,
    channel: string | null,
    id: number,
  ): Promise<void> {
    if (!Number.isSafeInteger(id) || id <= 0) return Promise.resolve();
    return guard(async () => {
      await this.#db.parleyMarker(
        this.#keys.markers(name),
        markerField(channel),
        String(id),
      );
    });
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const { redis } = this;
    if (redis.status === "end") return;
    if (redis.status === "wait") {
      redis.disconnect();
      return;
    }
    const ended = new Promise((resolve) => redis.once("end", resolve));
    // When down, the pending reconnect attempt ends the client: it either
    // fails and the retry strategy gives up, or succeeds and "ready" quits.
    // (disconnect() would leave a stray 2 s timer behind.)
    if (redis.status === "ready") await redis.quit().catch(() => {});
    await ended;
  }

  #retryDelay(times: number): number | null {
    // No retries before the first connection, so a wrong URL fails at
    // startup; after that, reconnect forever, at most a second apart, so
    // service resumes soon after Redis does.
    if (this.#closing || !this.#connected) return null;
    return Math.min(50 * 2 ** Math.min(times - 1, 5), 1000) +
      Math.floor(Math.random() * 100);
  }

  #history(log: string, query: HistoryQuery): Promise<HistoryPage> {
    const limit = pageLimit(query.limit);
    return guard(async () => {
      // One more than asked tells whether the page has a neighbour; both
      // ranges are O(log n + page) on the sorted set.
      if (query.after !== undefined && !Number.isNaN(query.after)) {
        const rows = await this.redis.zrangebyscore(
          log,
          `(${scoreBound(query.after)}`,
          "+inf",
          "LIMIT",
          0,
          limit + 1,
        );
        return toPage(rows.slice(0, limit), rows.length > limit);
      }
      const max = query.before === undefined || Number.isNaN(query.before)
        ? "+inf"
        : `(${scoreBound(query.before)}`;
      const rows = await this.redis.zrevrangebyscore(
        log,
        max,
        "-inf",
        "LIMIT",
        0,
        limit + 1,
      );
      return toPage(rows.slice(0, limit).reverse(), rows.length > limit);
    });
  }

  #pageByName<T, F extends readonly string[]>(
    index: string,
    query: ListQuery,
    keyOf: (member: string) => string,
    fields: F,
    decode: (row: (string | null)[]) => T | null,
  ): Promise<ListPage<T>> {
    const limit = pageLimit(query.limit);
    return guard(async () => {
      const min = query.after === undefined ? "-" : `(${query.after}`;
      const members = await this.redis.zrangebylex(
        index,
        min,
        "+",
        "LIMIT",
        0,
        limit + 1,
      );
      const page = members.slice(0, limit);
      const rows = await this.#rows(page.map(keyOf), fields);
      return {
        items: rows.map(decode).filter((x) => x !== null) as T[],
        ...(members.length > limit ? { next: page[limit - 1] } : {}),
      };
    });
  }

  async #rows(
    keys: string[],
    fields: readonly string[],
  ): Promise<(string | null)[][]> {
    if (keys.length === 0) return [];
    return await this.#exec((p) => {
      for (const key of keys) p.hmget(key, ...fields);
    }) as (string | null)[][];
  }

  async #exec(
    build: (p: ChainableCommander) => unknown,
  ): Promise<unknown[]> {
    const pipeline = this.redis.pipeline();
    build(pipeline);
    const results = await pipeline.exec() ?? [];
    return results.map(([err, value]) => {
      if (err) throw err;
      return value;
    });
  }
}

/** Connects to Redis and resolves once it answers; rejects if it cannot. */
export async function openRedisBackend(
  options: RedisBackendOptions = {},
): Promise<RedisBackend> {
  const backend = new RedisBackend(options);
  try {
    await backend.redis.connect();
  } catch (err) {
    // The retry strategy refuses before a first connection, so the client
    // has already ended: nothing is left running.
    throw new ChatError(
      "unavailable",
      `Cannot reach Redis at ${redact(options.url ?? DEFAULT_URL)}`,
      { cause: err },
    );
  }
  return backend;
}

/** Runs a Redis operation, turning connection failures into `unavailable`. */
async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // A reply error is Redis refusing a command: a bug, not an outage.
    if (err instanceof ChatError || (err as Error)?.name === "ReplyError") {
      throw err;
    }
    throw new ChatError(
      "unavailable",
      "Storage is unavailable, try again shortly",
      { cause: err },
    );
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
