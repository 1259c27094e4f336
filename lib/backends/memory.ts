/**
 * The in-memory backend: complete and fast, for development and tests.
 * Everything is lost when the process ends.
 *
 * @module
 */
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
import { historyRange, pageSorted } from "./paging.ts";

/** Options for `MemoryBackend`. */
export interface MemoryBackendOptions {
  /** PBKDF2 iterations for new password hashes. */
  pbkdf2Iterations?: number;
}

interface Account {
  participant: Participant;
  credential: string;
}

/** A `Backend` that keeps everything in maps and arrays. */
export class MemoryBackend implements Backend {
  #iterations?: number;
  #accounts = new Map<string, Account>();
  #channels = new Map<string, Channel>();
  // Owner key → channel keys it owns: the per-owner index.
  #owned = new Map<string, Set<string>>();
  #rooms = new Map<string, Message[]>();
  // Keyed by `channelKey \n requesterKey`.
  #requests = new Map<string, JoinRequest>();
  // Keyed by the JSON of `[participantKey, roomKey]`: no name can collide.
  #markers = new Map<string, number>();

  /** Creates an empty store. */
  constructor(options: MemoryBackendOptions = {}) {
    this.#iterations = options.pbkdf2Iterations;
  }

  hasParticipant(name: string): Promise<boolean> {
    return Promise.resolve(this.#accounts.has(nameKey(name)));
  }

  async registerParticipant(
    name: string,
    passwordSha256: string,
    email: string,
  ) {
    const key = nameKey(name);
    if (this.#accounts.has(key)) return fail("taken");
    const { participant, credential } = await newAccount(name, passwordSha256, {
      email,
      iterations: this.#iterations,
    });
    // Checked again: another registration may have won while we hashed.
    if (this.#accounts.has(key)) return fail("taken");
    this.#accounts.set(key, { participant, credential });
    return ok({ ...participant });
  }

  async authenticateParticipant(name: string, passwordSha256: string) {
    const account = this.#accounts.get(nameKey(name));
    const valid = await verifyPassword(
      passwordSha256,
      account?.credential ?? null,
      { iterations: this.#iterations },
    );
    if (!account || !valid) return fail("invalid_credentials");
    const previous = { ...account.participant };
    account.participant.lastLoginAt = Date.now();
    return ok(previous);
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

  setSlowMode(channel: string, seconds: number, options: { by: string }) {
    const found = this.#channels.get(nameKey(channel));
    if (!found) return Promise.resolve(fail("not_found"));
    if (nameKey(found.owner) !== nameKey(options.by)) {
      return Promise.resolve(fail("forbidden"));
    }
    found.slowModeSeconds = seconds;
    return Promise.resolve(ok({ ...found }));
  }

  async requestAccess(channel: string, requester: string) {
    const found = this.#channels.get(nameKey(channel));
    if (!found) return fail("not_found");
    if (await this.isMember(channel, requester)) return fail("already_member");
    const key = requestKey(channel, requester);
    if (this.#requests.get(key)?.state === "pending") {
      return fail("already_pending");
    }
    const request: JoinRequest = {
      channel: found.name,
      requester,
      state: "pending",
      requestedAt: Date.now(),
      decidedAt: null,
    };
    this.#requests.set(key, request);
    return ok({ ...request });
  }

  decideRequest(
    channel: string,
    requester: string,
    decision: { by: string; grant: boolean },
  ) {
    const found = this.#channels.get(nameKey(channel));
    const request = this.#requests.get(requestKey(channel, requester));
    if (!found || !request) return Promise.resolve(fail("not_found"));
    if (nameKey(found.owner) !== nameKey(decision.by)) {
      return Promise.resolve(fail("forbidden"));
    }
    if (request.state !== "pending") {
      return Promise.resolve(fail("not_pending"));
    }
    request.state = decision.grant ? "granted" : "denied";
    request.decidedAt = Date.now();
    return Promise.resolve(ok({ ...request }));
  }

  listPendingRequests(owner: string, query: ListQuery = {}) {
    const owned = new Set(
      [...this.#channels.entries()]
        .filter(([, c]) => nameKey(c.owner) === nameKey(owner))
        .map(([k]) => k),
    );
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
    if (!found) return Promise.resolve(false);
    if (nameKey(found.owner) === nameKey(name)) return Promise.resolve(true);
    const request = this.#requests.get(requestKey(channel, name));
    return Promise.resolve(request?.state === "granted");
  }

  getReadMarker(name: string, channel: string | null): Promise<number> {
    return Promise.resolve(this.#markers.get(markerKey(name, channel)) ?? 0);
  }

  setReadMarker(name: string, channel: string | null, id: number) {
    if (!Number.isSafeInteger(id) || id <= 0) return Promise.resolve();
    const key = markerKey(name, channel);
    this.#markers.set(key, Math.max(this.#markers.get(key) ?? 0, id));
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #history(channel: string | null, query: HistoryQuery): HistoryPage {
    const room = this.#rooms.get(roomKey(channel)) ?? [];
    // Ids are 1-based positions, so a page is an array slice: O(page).
    const range = historyRange(room.length, pageLimit(query.limit), query);
    if (!range) return { messages: [], hasMore: false };
    const messages = room.slice(range.from - 1, range.to).map((m) => ({
      ...m,
    }));
    return { messages, hasMore: range.hasMore };
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
