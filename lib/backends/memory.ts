/**
 * The in-memory backend: complete and fast, for development and tests.
 * Everything is lost when the process ends.
 *
 * @module
 */
import {
  accessOf,
  type Account,
  type Backend,
  type Channel,
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
  ok,
  type Participant,
} from "../chat/mod.ts";
import { pageSorted, sliceWindow } from "./paging.ts";
import { MemorySignIns } from "./memory_sign_ins.ts";

/** A `Backend` that keeps everything in maps and arrays. */
export class MemoryBackend implements Backend {
  #accounts = new Map<string, Account>();
  #channels = new Map<string, Channel>();
  // Owner key → channel keys it owns: the per-owner index.
  #owned = new Map<string, Set<string>>();
  #rooms = new Map<string, Message[]>();
  // Keyed by `channelKey \n requesterKey`.
  #requests = new Map<string, JoinRequest>();
  // Keyed by the JSON of `[participantKey, roomKey]`: no name can collide.
  #markers = new Map<string, number>();
  /** Sign-ins and the signing key. */
  readonly signIns = new MemorySignIns();

  hasParticipant(name: string): Promise<boolean> {
    return Promise.resolve(this.#accounts.has(nameKey(name)));
  }

  createAccount(account: Account): Promise<boolean> {
    const key = nameKey(account.participant.name);
    if (this.#accounts.has(key)) return Promise.resolve(false);
    this.#accounts.set(key, copyAccount(account));
    return Promise.resolve(true);
  }

  getAccount(name: string): Promise<Account | null> {
    const account = this.#accounts.get(nameKey(name));
    return Promise.resolve(account ? copyAccount(account) : null);
  }

  recordLogin(name: string, at: number): Promise<Participant | null> {
    const account = this.#accounts.get(nameKey(name));
    if (!account) return Promise.resolve(null);
    const previous = { ...account.participant };
    account.participant.lastLoginAt = at;
    return Promise.resolve(previous);
  }

  getParticipant(name: string): Promise<Participant | null> {
    const account = this.#accounts.get(nameKey(name));
    return Promise.resolve(account ? { ...account.participant } : null);
  }

  listParticipants(query: ListQuery = {}): Promise<ListPage<Participant>> {
    const all = [...this.#accounts.entries()].map(([k, a]) =>
      [k, { ...a.participant }] as const
    );
    return Promise.resolve(pageSorted(all, query));
  }

  storeMessage(draft: MessageDraft): Promise<Message> {
    const key = roomKey(draft.channel);
    let room = this.#rooms.get(key);
    if (!room) this.#rooms.set(key, room = []);
    const message = { ...draft, id: room.length + 1 };
    room.push(message);
    return Promise.resolve({ ...message });
  }

  getChatHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    return Promise.resolve(this.#history(null, query));
  }

  getChannelHistory(channel: string, query: HistoryQuery = {}) {
    return Promise.resolve(this.#history(channel, query));
  }

  registerChannel(name: string, owner: string) {
    const key = nameKey(name);
    if (this.#channels.has(key)) return Promise.resolve(fail("taken"));
    const channel: Channel = {
      name,
      owner,
      createdAt: Date.now(),
      slowModeSeconds: 0,
    };
    this.#channels.set(key, channel);
    const ownerKey = nameKey(owner);
    let owned = this.#owned.get(ownerKey);
    if (!owned) this.#owned.set(ownerKey, owned = new Set());
    owned.add(key);
    return Promise.resolve(ok({ ...channel }));
  }

  getChannel(name: string): Promise<Channel | null> {
    const channel = this.#channels.get(nameKey(name));
    return Promise.resolve(channel ? { ...channel } : null);
  }

  listChannels(query: ListQuery = {}): Promise<ListPage<Channel>> {
    const all = [...this.#channels.entries()].map(([k, c]) =>
      [k, { ...c }] as const
    );
    return Promise.resolve(pageSorted(all, query));
  }

  listChannelsOwnedBy(
    owner: string,
    query: ListQuery = {},
  ): Promise<ListPage<Channel>> {
    const keys = this.#owned.get(nameKey(owner)) ?? [];
    const all = [...keys].map((k) =>
      [k, { ...this.#channels.get(k)! }] as const
    );
    return Promise.resolve(pageSorted(all, query));
  }

  setSlowMode(channel: string, seconds: number): Promise<Channel | null> {
    const found = this.#channels.get(nameKey(channel));
    if (found) found.slowModeSeconds = seconds;
    return Promise.resolve(found ? { ...found } : null);
  }

  fileRequest(channel: Channel, requester: string) {
    const key = requestKey(channel.name, requester);
    const state = this.#requests.get(key)?.state;
    if (state === "granted") return Promise.resolve(fail("already_member"));
    if (state === "pending") return Promise.resolve(fail("already_pending"));
    const request: JoinRequest = {
      channel: channel.name,
      requester,
      state: "pending",
      requestedAt: Date.now(),
      decidedAt: null,
    };
    this.#requests.set(key, request);
    return Promise.resolve(ok({ ...request }));
  }

  recordDecision(
    channel: Channel,
    decision: { requester: string; grant: boolean },
  ) {
    const request = this.#requests.get(
      requestKey(channel.name, decision.requester),
    );
    if (!request) return Promise.resolve(fail("not_found"));
    if (request.state !== "pending") {
      return Promise.resolve(fail("not_pending"));
    }
    request.state = decision.grant ? "granted" : "denied";
    request.decidedAt = Date.now();
    return Promise.resolve(ok({ ...request }));
  }

  listPendingRequests(owner: string, query: ListQuery = {}) {
    const owned = this.#owned.get(nameKey(owner)) ?? new Set<string>();
    const all = [...this.#requests.entries()]
      .filter(([, r]) => r.state === "pending" && owned.has(nameKey(r.channel)))
      // Oldest first, as the port promises: the key leads with the time.
      .map(([k, r]) =>
        [`${String(r.requestedAt).padStart(16, "0")}\n${k}`, { ...r }] as const
      );
    return Promise.resolve(pageSorted(all, query));
  }

  listRequestsBy(requester: string, query: ListQuery = {}) {
    const all = [...this.#requests.entries()]
      .filter(([, r]) => nameKey(r.requester) === nameKey(requester))
      .map(([k, r]) => [k, { ...r }] as const);
    return Promise.resolve(pageSorted(all, query));
  }

  isMember(channel: string, name: string): Promise<boolean> {
    const found = this.#channels.get(nameKey(channel));
    const request = this.#requests.get(requestKey(channel, name));
    return Promise.resolve(
      found !== undefined && mayUse(accessOf(found, name, request)),
    );
  }

  getReadMarker(name: string, channel: string | null): Promise<number> {
    return Promise.resolve(this.#markers.get(markerKey(name, channel)) ?? 0);
  }

  setReadMarker(name: string, channel: string | null, id: number) {
    const key = markerKey(name, channel);
    this.#markers.set(key, Math.max(this.#markers.get(key) ?? 0, id));
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #history(channel: string | null, query: HistoryQuery): HistoryPage {
    const window = historyWindow(query);
    const room = this.#rooms.get(roomKey(channel)) ?? [];
    return window
      ? sliceWindow(room, window)
      : { messages: [], hasMore: false };
  }
}

function roomKey(channel: string | null): string {
  return channel === null ? "" : nameKey(channel);
}

// The general chat's room key is "", which no channel name can be.
function markerKey(name: string, channel: string | null): string {
  return JSON.stringify([nameKey(name), roomKey(channel)]);
}

function requestKey(channel: string, requester: string): string {
  return `${nameKey(channel)}\n${nameKey(requester)}`;
}

function copyAccount(account: Account): Account {
  return { ...account, participant: { ...account.participant } };
}
