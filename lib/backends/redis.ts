/**
 * The Redis backend: shared, fast storage for running several chat servers
 * against one Redis. Key layout and outage behaviour: docs/backend_redis.md.
 *
 * @module
 */
import type { Redis } from "ioredis";
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
  type Result,
  verifyPassword,
} from "../chat/mod.ts";
import { newAccount } from "./account.ts";
import {
  connectRedis,
  guard,
  type RedisBackendOptions,
  RedisLink,
} from "./redis_client.ts";
import {
  pageByName,
  pipelined,
  readChannel,
  type RedisStore,
} from "./redis_reads.ts";
import {
  decide,
  fileRequest,
  pendingFor,
  requestsBy,
} from "./redis_requests.ts";
import {
  CHANNEL_FIELDS,
  defineScripts,
  markerField,
  optNumber,
  part,
  RedisKeys,
  scoreBound,
  type ScriptedRedis,
  toChannel,
  toPage,
  toParticipant,
  USER_FIELDS,
} from "./redis_scripts.ts";

export type { RedisBackendOptions } from "./redis_client.ts";

/** A `Backend` keeping everything in one Redis database. */
export class RedisBackend implements Backend {
  /** The connection; `duplicate()` it for pub/sub, which needs its own. */
  readonly redis: Redis;
  #link: RedisLink;
  #db: ScriptedRedis;
  #keys: RedisKeys;
  #store: RedisStore;
  #iterations?: number;

  /**
   * Creates a backend whose client has not connected yet; prefer
   * `openRedisBackend`, which also connects and reports a dead server.
   */
  constructor(options: RedisBackendOptions = {}) {
    this.#link = new RedisLink(options);
    this.redis = this.#link.redis;
    this.#db = defineScripts(this.redis);
    this.#keys = new RedisKeys(options.prefix ?? "parley:");
    this.#store = { redis: this.redis, db: this.#db, keys: this.#keys };
    this.#iterations = options.pbkdf2Iterations;
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
      const previous = await this.#db.parleyLogin(
        key,
        String(Date.now()),
      );
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
    return pageByName(this.redis, this.#keys.key("users"), {
      query,
      keyOf: (m) => this.#keys.userAt(m),
      fields: USER_FIELDS,
      decode: toParticipant,
    });
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
    return guard(() => readChannel(this.#store, name));
  }

  listChannels(query: ListQuery = {}): Promise<ListPage<Channel>> {
    return pageByName(this.redis, this.#keys.key("channels"), {
      query,
      keyOf: (m) => this.#keys.channelAt(m),
      fields: CHANNEL_FIELDS,
      decode: toChannel,
    });
  }

  listChannelsOwnedBy(
    owner: string,
    query: ListQuery = {},
  ): Promise<ListPage<Channel>> {
    return pageByName(this.redis, this.#keys.owned(owner), {
      query,
      keyOf: (m) => this.#keys.channelAt(m),
      fields: CHANNEL_FIELDS,
      decode: toChannel,
    });
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
    return fileRequest(this.#store, { channel, requester });
  }

  decideRequest(
    channel: string,
    requester: string,
    decision: { by: string; grant: boolean },
  ): Promise<Result<JoinRequest, "not_found" | "forbidden" | "not_pending">> {
    const { by, grant } = decision;
    return decide(this.#store, { channel, requester, by, grant });
  }

  listPendingRequests(
    owner: string,
    query: ListQuery = {},
  ): Promise<ListPage<JoinRequest>> {
    return pendingFor(this.#store, owner, query);
  }

  listRequestsBy(
    requester: string,
    query: ListQuery = {},
  ): Promise<ListPage<JoinRequest>> {
    return requestsBy(this.#store, requester, query);
  }

  isMember(channel: string, name: string): Promise<boolean> {
    return guard(async () => {
      const [owner, state] = await pipelined(
        this.redis,
        (p) =>
          p.hget(this.#keys.channel(channel), "owner")
            .hget(this.#keys.request(channel, name), "state"),
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

  close(): Promise<void> {
    return this.#link.close();
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
}

/** Connects to Redis and resolves once it answers; rejects if it cannot. */
export async function openRedisBackend(
  options: RedisBackendOptions = {},
): Promise<RedisBackend> {
  const backend = new RedisBackend(options);
  await connectRedis(backend.redis, options.url);
  return backend;
}
