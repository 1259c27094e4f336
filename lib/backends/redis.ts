/**
 * The Redis backend: shared, fast storage for running several chat servers
 * against one Redis. Key layout and outage behaviour: docs/backend_redis.md.
 *
 * @module
 */
import type { Redis } from "ioredis";
import {
  accessOf,
  type Account,
  type Backend,
  type Channel,
  type DirectDraft,
  type DirectMessage,
  fail,
  type HistoryPage,
  type HistoryQuery,
  historyWindow,
  type JoinRequest,
  type JoinRequestState,
  type ListPage,
  type ListQuery,
  mayUse,
  type Message,
  type MessageDraft,
  type Notice,
  ok,
  type Participant,
  type Result,
  type Room,
  type RosterState,
  type StandingChange,
} from "../chat/mod.ts";
import * as standing from "./redis_standing.ts";
import * as direct from "./redis_direct.ts";
import { STANDING_SCRIPTS } from "./redis_standing_scripts.ts";
import type { RedisClient } from "../redis/client.ts";
import {
  backendClient,
  guard,
  type RedisBackendOptions,
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
  part,
  RedisKeys,
  type ScriptedRedis,
  toChannel,
  toPage,
  toParticipant,
  USER_FIELDS,
} from "./redis_scripts.ts";

import { RedisSignIns } from "./redis_sign_ins.ts";

export type { RedisBackendOptions } from "./redis_client.ts";

/** A `Backend` keeping everything in one Redis database. */
export class RedisBackend implements Backend {
  /** The connection; `duplicate()` it for pub/sub, which needs its own. */
  readonly redis: Redis;
  #client: RedisClient;
  #db: ScriptedRedis;
  #keys: RedisKeys;
  #store: RedisStore;
  /** Sign-ins and the signing key. */
  readonly signIns: RedisSignIns;

  /**
   * Creates a backend whose client has not connected yet; prefer
   * `openRedisBackend`, which also connects and reports a dead server.
   */
  constructor(options: RedisBackendOptions = {}) {
    this.#client = backendClient(options);
    this.redis = this.#client.redis;
    this.#db = defineScripts(this.redis, STANDING_SCRIPTS);
    this.#keys = new RedisKeys(options.prefix ?? "parley:");
    this.#store = { redis: this.redis, db: this.#db, keys: this.#keys };
    this.signIns = new RedisSignIns(this.#store);
  }

  hasParticipant(name: string): Promise<boolean> {
    return guard(async () =>
      await this.redis.exists(this.#keys.user(name)) === 1
    );
  }

  createAccount(account: Account): Promise<boolean> {
    const { participant: p, credential } = account;
    return guard(async () =>
      await this.#db.parleyCreate(
        this.#keys.user(p.name),
        this.#keys.key("users"),
        part(p.name),
        ...["name", p.name, "email", p.email],
        ...["createdAt", String(p.createdAt)],
        ...["lastLoginAt", p.lastLoginAt === null ? "" : String(p.lastLoginAt)],
        ...["credential", credential],
      ) === 1
    );
  }

  getAccount(name: string): Promise<Account | null> {
    return guard(async () => {
      const [credential, ...row] = await this.redis.hmget(
        this.#keys.user(name),
        "credential",
        ...USER_FIELDS,
      );
      const participant = toParticipant(row);
      return participant && { participant, credential: credential ?? "" };
    });
  }

  recordLogin(name: string, at: number): Promise<Participant | null> {
    return guard(async () => {
      const before = await this.#db.parleyLogin(
        this.#keys.user(name),
        String(at),
      );
      return before && toParticipant(before);
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

  setSlowMode(channel: string, seconds: number): Promise<Channel | null> {
    return guard(async () => {
      const after = await this.#db.parleySlowMode(
        this.#keys.channel(channel),
        String(seconds),
      );
      return after && toChannel(after);
    });
  }

  fileRequest(channel: Channel, requester: string) {
    return fileRequest(this.#store, { channel, requester });
  }

  recordDecision(
    channel: Channel,
    decision: { requester: string; grant: boolean },
  ) {
    return decide(this.#store, { channel, ...decision });
  }

  changeStanding(channel: Channel, change: StandingChange) {
    return standing.changeStanding(this.#store, channel, change);
  }

  listRoster(channel: string, state: RosterState, query: ListQuery = {}) {
    return standing.listRoster(this.#store, channel, state, query);
  }

  transferChannel(
    channel: Channel,
    to: string,
  ): Promise<Result<Channel, "not_found">> {
    return standing.transferChannel(this.#store, channel, to);
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
      const request = state === null
        ? null
        : { state: state as JoinRequestState };
      return mayUse(accessOf({ owner }, name, request));
    });
  }

  getReadMarker(name: string, room: Room): Promise<number> {
    return guard(async () =>
      Number(
        await this.redis.hget(this.#keys.markers(name), markerField(room)) ??
          0,
      )
    );
  }

  setReadMarker(name: string, room: Room, id: number): Promise<void> {
    return guard(async () => {
      await this.#db.parleyMarker(
        this.#keys.markers(name),
        markerField(room),
        String(id),
      );
    });
  }

  storeDirect(draft: DirectDraft): Promise<DirectMessage> {
    return direct.storeDirect(this.#store, draft);
  }

  getDirectHistory(
    name: string,
    peer: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage<DirectMessage>> {
    return this.#history(this.#keys.direct(name, peer).log, query);
  }

  listConversations(name: string, query: ListQuery = {}) {
    return direct.listConversations(this.#store, name, query);
  }

  setBlock(by: string, whom: string, blocked: boolean): Promise<void> {
    return direct.setBlock(this.#store, by, { whom, blocked });
  }

  isBlocked(by: string, whom: string): Promise<boolean> {
    return direct.isBlocked(this.#store, by, whom);
  }

  listBlocks(by: string, query: ListQuery = {}) {
    return direct.listBlocks(this.#store, by, query);
  }

  pushNotice(name: string, notice: Notice): Promise<number> {
    return direct.pushNotice(this.#store, name, notice);
  }

  listNotices(name: string, query: { limit?: number } = {}) {
    return direct.listNotices(this.#store, name, query);
  }

  ackNotices(name: string, ids: readonly number[]): Promise<number[]> {
    return direct.ackNotices(this.#store, name, ids);
  }

  /** Connects once; rejects with `unavailable` when Redis cannot be reached. */
  connect(): Promise<void> {
    return this.#client.connect();
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  #history<M = Message>(
    log: string,
    query: HistoryQuery,
  ): Promise<HistoryPage<M>> {
    const window = historyWindow(query);
    if (!window) return Promise.resolve({ messages: [], hasMore: false });
    const { from, to, limit } = window;
    return guard(async () => {
      // One more than asked tells whether the page has a neighbour; both
      // ranges are O(log n + page) on the sorted set.
      const rows = window.forward
        ? await this.redis.zrangebyscore(log, from, to, "LIMIT", 0, limit + 1)
        : await this.redis.zrevrangebyscore(
          log,
          to,
          from,
          "LIMIT",
          0,
          limit + 1,
        );
      const page = rows.slice(0, limit);
      if (!window.forward) page.reverse();
      return toPage<M>(page, rows.length > limit);
    });
  }
}

/** Connects to Redis and resolves once it answers; rejects if it cannot. */
export async function openRedisBackend(
  options: RedisBackendOptions = {},
): Promise<RedisBackend> {
  const backend = new RedisBackend(options);
  await backend.connect();
  return backend;
}
