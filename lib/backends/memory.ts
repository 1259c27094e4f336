/**
 * The in-memory backend: complete and fast, for development and tests.
 * Everything is lost when the process ends. Standings, direct messages and
 * inboxes live in their own modules; this one holds accounts, channels,
 * rooms and read markers.
 *
 * @module
 */
import {
  type Account,
  type Backend,
  type Channel,
  type DirectDraft,
  directPair,
  fail,
  type HistoryPage,
  type HistoryQuery,
  historyWindow,
  isDirect,
  type ListPage,
  type ListQuery,
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
import { pageSorted, sliceWindow } from "./paging.ts";
import { MemorySignIns } from "./memory_sign_ins.ts";
import { MemoryStanding } from "./memory_standing.ts";
import { MemoryDirect } from "./memory_direct.ts";
import { MemoryInbox } from "./memory_inbox.ts";

/** A `Backend` that keeps everything in maps and arrays. */
export class MemoryBackend implements Backend {
  #accounts = new Map<string, Account>();
  #channels = new Map<string, Channel>();
  // Owner key → channel keys it owns: the per-owner index.
  #owned = new Map<string, Set<string>>();
  #rooms = new Map<string, Message[]>();
  #markers = new Map<string, number>();
  /** Sign-ins and the signing key. */
  readonly signIns = new MemorySignIns();
  #standing = new MemoryStanding({
    channels: this.#channels,
    owned: this.#owned,
  });
  #direct = new MemoryDirect();
  #inbox = new MemoryInbox();

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
    return Promise.resolve(this.#standing.fileRequest(channel, requester));
  }

  recordDecision(
    channel: Channel,
    decision: { requester: string; grant: boolean },
  ) {
    return Promise.resolve(this.#standing.recordDecision(channel, decision));
  }

  changeStanding(channel: Channel, change: StandingChange) {
    return Promise.resolve(this.#standing.changeStanding(channel, change));
  }

  listRoster(channel: string, state: RosterState, query: ListQuery = {}) {
    return Promise.resolve(this.#standing.listRoster(channel, state, query));
  }

  transferChannel(channel: Channel, to: string) {
    return Promise.resolve(this.#standing.transferChannel(channel, to));
  }

  listPendingRequests(owner: string, query: ListQuery = {}) {
    return Promise.resolve(this.#standing.listPendingRequests(owner, query));
  }

  listRequestsBy(requester: string, query: ListQuery = {}) {
    return Promise.resolve(this.#standing.listRequestsBy(requester, query));
  }

  isMember(channel: string, name: string): Promise<boolean> {
    return Promise.resolve(this.#standing.isMember(channel, name));
  }

  getReadMarker(name: string, room: Room): Promise<number> {
    return Promise.resolve(this.#markers.get(markerKey(name, room)) ?? 0);
  }

  setReadMarker(name: string, room: Room, id: number) {
    const key = markerKey(name, room);
    this.#markers.set(key, Math.max(this.#markers.get(key) ?? 0, id));
    return Promise.resolve();
  }

  storeDirect(draft: DirectDraft) {
    return Promise.resolve(this.#direct.storeDirect(draft));
  }

  getDirectHistory(name: string, peer: string, query: HistoryQuery = {}) {
    return Promise.resolve(this.#direct.getDirectHistory(name, peer, query));
  }

  listConversations(name: string, query: ListQuery = {}) {
    return Promise.resolve(this.#direct.listConversations(name, query));
  }

  setBlock(by: string, whom: string, blocked: boolean): Promise<void> {
    this.#direct.setBlock(by, whom, blocked);
    return Promise.resolve();
  }

  isBlocked(by: string, whom: string): Promise<boolean> {
    return Promise.resolve(this.#direct.isBlocked(by, whom));
  }

  listBlocks(by: string, query: ListQuery = {}) {
    return Promise.resolve(this.#direct.listBlocks(by, query));
  }

  pushNotice(name: string, notice: Notice): Promise<number> {
    return Promise.resolve(this.#inbox.pushNotice(name, notice));
  }

  listNotices(name: string, query: { limit?: number } = {}) {
    return Promise.resolve(this.#inbox.listNotices(name, query));
  }

  ackNotices(name: string, ids: readonly number[]): Promise<number[]> {
    return Promise.resolve(this.#inbox.ackNotices(name, ids));
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

// The general chat's room key is "", which no channel name can be; a
// conversation's is an array, which no string is.
function markerKey(name: string, room: Room): string {
  const where = isDirect(room) ? directPair(name, room.peer) : roomKey(room);
  return JSON.stringify([nameKey(name), where]);
}

function copyAccount(account: Account): Account {
  return { ...account, participant: { ...account.participant } };
}
