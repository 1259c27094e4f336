/**
 * The Deno KV backend: durable, single-file storage (SQLite underneath, or
 * a shared database on Deno Deploy). Every read is a bounded range list.
 * Key layout: see `kv_keys.ts` and `docs/backend_kv.md`. Standings, direct
 * messages and inboxes live in their own modules.
 *
 * @module
 */
import { dirname } from "node:path";
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
  type ListPage,
  type ListQuery,
  mayUse,
  type Message,
  type MessageDraft,
  nameKey,
  type Notice,
  ok,
  type Participant,
  type Room,
  type RosterState,
  type StandingChange,
} from "../chat/mod.ts";
import { commit, retry } from "./kv_commit.ts";
import * as K from "./kv_keys.ts";
import { KvMessageWriter } from "./kv_messages.ts";
import { KvSignIns } from "./kv_sign_ins.ts";
import * as standing from "./kv_standing.ts";
import * as direct from "./kv_direct.ts";
import * as inbox from "./kv_inbox.ts";

/** Options for `openKvBackend`. */
export interface KvBackendOptions {
  /** Database file, default `./data/parley.kv`; `:memory:` for none. */
  path?: string;
  /** An already-open database to use; the backend then never closes it. */
  kv?: Deno.Kv;
}

/** A `Backend` on a `Deno.Kv` database. */
export class KvBackend implements Backend {
  #kv: Deno.Kv;
  #owned: boolean;
  #messages: KvMessageWriter;
  /** Sign-ins and the signing key. */
  readonly signIns: KvSignIns;

  /** Wraps `kv`; `owned` says whether `close()` closes it. */
  constructor(kv: Deno.Kv, options: { owned?: boolean } = {}) {
    this.#kv = kv;
    this.#owned = options.owned ?? false;
    this.#messages = new KvMessageWriter(kv);
    this.signIns = new KvSignIns(kv);
  }

  async hasParticipant(name: string): Promise<boolean> {
    return (await this.#kv.get(K.participantKey(name))).versionstamp !== null;
  }

  async createAccount(account: Account): Promise<boolean> {
    const key = K.participantKey(account.participant.name);
    return await commit(
      this.#kv.atomic().check({ key, versionstamp: null }).set(key, account),
    );
  }

  async getAccount(name: string): Promise<Account | null> {
    return (await this.#kv.get<Account>(K.participantKey(name))).value;
  }

  async recordLogin(name: string, at: number): Promise<Participant | null> {
    const key = K.participantKey(name);
    return await retry(async () => {
      const entry = await this.#kv.get<Account>(key);
      if (!entry.value) return null;
      const previous = entry.value.participant;
      const participant = { ...previous, lastLoginAt: at };
      const done = await commit(
        this.#kv.atomic().check(entry).set(key, {
          ...entry.value,
          participant,
        }),
      );
      return done ? previous : undefined;
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
    return this.#history(K.roomParts(null), query);
  }

  getChannelHistory(
    channel: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage> {
    return this.#history(K.roomParts(channel), query);
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

  async setSlowMode(channel: string, seconds: number) {
    const key = K.channelKey(channel);
    return await retry(async () => {
      const entry = await this.#kv.get<Channel>(key);
      if (!entry.value) return null;
      const updated = { ...entry.value, slowModeSeconds: seconds };
      // The owner's index copy changes in the same commit.
      const done = await commit(
        this.#kv.atomic().check(entry).set(key, updated)
          .set(K.ownedKey(updated.owner, updated.name), updated),
      );
      return done ? updated : undefined;
    });
  }

  fileRequest(channel: Channel, requester: string) {
    return standing.fileRequest(this.#kv, channel, requester);
  }

  recordDecision(
    channel: Channel,
    decision: { requester: string; grant: boolean },
  ) {
    return standing.recordDecision(this.#kv, channel, decision);
  }

  changeStanding(channel: Channel, change: StandingChange) {
    return standing.changeStanding(this.#kv, channel, change);
  }

  listRoster(channel: string, state: RosterState, query: ListQuery = {}) {
    return standing.listRoster(this.#kv, channel, state, query);
  }

  transferChannel(channel: Channel, to: string) {
    return standing.transferChannel(this.#kv, channel, to);
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
    return found.value !== null &&
      mayUse(accessOf(found.value, name, request.value));
  }

  async getReadMarker(name: string, room: Room): Promise<number> {
    const entry = await this.#kv.get<Deno.KvU64>(K.markerKey(name, room));
    return entry.value ? Number(entry.value.value) : 0;
  }

  async setReadMarker(name: string, room: Room, id: number): Promise<void> {
    // KV's own max mutation: forward only, with no read and no retry loop.
    await commit(this.#kv.atomic().max(K.markerKey(name, room), BigInt(id)));
  }

  storeDirect(draft: DirectDraft): Promise<DirectMessage> {
    return this.#messages.storeDirect(draft);
  }

  getDirectHistory(
    name: string,
    peer: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage<DirectMessage>> {
    return this.#history(K.directParts(name, peer), query);
  }

  listConversations(name: string, query: ListQuery = {}) {
    return direct.listConversations(this.#kv, name, query);
  }

  setBlock(by: string, whom: string, blocked: boolean): Promise<void> {
    return direct.setBlock(this.#kv, by, { whom, blocked });
  }

  isBlocked(by: string, whom: string): Promise<boolean> {
    return direct.isBlocked(this.#kv, by, whom);
  }

  listBlocks(by: string, query: ListQuery = {}) {
    return direct.listBlocks(this.#kv, by, query);
  }

  pushNotice(name: string, notice: Notice): Promise<number> {
    return inbox.pushNotice(this.#kv, name, notice);
  }

  listNotices(name: string, query: { limit?: number } = {}) {
    return inbox.listNotices(this.#kv, name, query);
  }

  ackNotices(name: string, ids: readonly number[]): Promise<number[]> {
    return inbox.ackNotices(this.#kv, name, ids);
  }

  close(): Promise<void> {
    if (this.#owned) this.#kv.close();
    return Promise.resolve();
  }

  async #history<M = Message>(
    parts: Deno.KvKey,
    query: HistoryQuery,
  ): Promise<HistoryPage<M>> {
    const window = historyWindow(query);
    if (!window) return { messages: [], hasMore: false };
    // One entry beyond the page tells whether there is more.
    const entries = await Array.fromAsync(
      this.#kv.list<M>(K.historySelector(parts, window), {
        limit: window.limit + 1,
        reverse: !window.forward,
      }),
    );
    const messages = entries.slice(0, window.limit).map((e) => e.value);
    if (!window.forward) messages.reverse();
    return { messages, hasMore: entries.length > window.limit };
  }
}

/** Opens (creating if needed) a KV database and wraps it in a `KvBackend`. */
export async function openKvBackend(
  options: KvBackendOptions = {},
): Promise<KvBackend> {
  const { kv } = options;
  if (kv) return new KvBackend(kv);
  const path = options.path ?? "./data/parley.kv";
  if (path !== ":memory:" && path !== "") {
    await Deno.mkdir(dirname(path), { recursive: true });
  }
  // An empty path opens the runtime's default database (shared on Deploy).
  return new KvBackend(await Deno.openKv(path || undefined), { owned: true });
}

// Channels stored before slow mode existed have no such field.
function withDefaults(channel: Channel): Channel {
  return { ...channel, slowModeSeconds: channel.slowModeSeconds ?? 0 };
}
