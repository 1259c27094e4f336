/**
 * One live connection to the session, whatever its transport. It holds the
 * connection's state (who, which room) and exposes every chat action; the
 * transports only parse input and render events.
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";
import {
  type ChatEvent,
  type CloseReason,
  IDLE_NOTICE,
} from "../model/events.ts";
import {
  type Channel,
  type DirectMessage,
  type HistoryPage,
  type HistoryQuery,
  isDirect,
  type ListPage,
  type ListQuery,
  type Message,
  type Participant,
  type Presence,
  type Room,
  sameRoom,
} from "../model/types.ts";
import {
  changeSlowMode,
  createOwnedChannel,
} from "../actions/channel_admin.ts";
import { readHistory } from "../actions/history.ts";
import {
  type ChannelAccess,
  channelsWithAccess,
  requireMember,
  stillMember,
} from "../actions/membership.ts";
import { roomsOf, type RoomUnread, unreadIn } from "../actions/unread.ts";
import { findPeer, sendDirect } from "../actions/direct.ts";
import { sayInRoom } from "../actions/say.ts";
import type { AnyMessage } from "../actions/rooms.ts";
import { nameKey } from "../ports/backend.ts";
import type { Hub, Member } from "./hub.ts";
import { ChannelModeration } from "./channel_moderation.ts";
import { DirectMessages } from "./direct_messages.ts";
import { AccessRequests } from "./access_requests.ts";

export type { Presence } from "../model/types.ts";

/** Where a transport sends events; it must never block the caller. */
export interface ConnectionSink {
  /** Queues one event for the client. */
  send(event: ChatEvent): void;
  /** Ends the transport connection; called once. */
  close(reason: CloseReason): void;
}

/** Connection states, as the seed names them. */
export type ConnectionState = "pending" | "connected" | "closed";

/** A live connection: state plus every chat action a client can take. */
export class Connection implements Member {
  /** Unique per session; never an address. */
  readonly id: string;
  /** Which transport carries it, e.g. `telnet` or `ws`. */
  readonly transport: string;
  /** The peer's IP address, when the transport knows it. */
  readonly address?: string;
  /** Whether the client shows presence changes. */
  readonly watchesPresence: boolean;
  /** Whether the client shows every event as it comes (telnet). */
  readonly readsLive: boolean;
  #hub: Hub;
  #sink: ConnectionSink;
  #lastActivity: number;
  #participant: Participant | null = null;
  #place: Room = null;
  // When membership of the channel it is in was last confirmed (clock ms).
  #checkedAt = 0;
  #state: ConnectionState = "pending";
  // Set by `unread()`: the messages of every room it may use reach it.
  #following = false;
  #moderation?: ChannelModeration;
  #direct?: DirectMessages;
  #requests?: AccessRequests;

  /** Made by `Session.connect`; transports do not construct it. */
  constructor(
    id: string,
    sink: ConnectionSink,
    hub: Hub,
    info: {
      transport: string;
      address?: string;
      presence?: boolean;
      readsLive?: boolean;
    } = { transport: "test" },
  ) {
    this.id = id;
    this.transport = info.transport;
    this.address = info.address;
    this.watchesPresence = info.presence ?? true;
    this.readsLive = info.readsLive ?? false;
    this.#hub = hub;
    this.#sink = sink;
    this.#lastActivity = hub.clock.now();
  }

  /** `pending` until logged in, then `connected`, finally `closed`. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** The logged-in participant's name, or null. */
  get name(): string | null {
    return this.#participant?.name ?? null;
  }

  /**
   * The current channel, or null for the general chat; also null in a
   * direct conversation (then `direct` names it).
   */
  get room(): string | null {
    return isDirect(this.#place) ? null : this.#place;
  }

  /** The other participant of the direct conversation it is in, or null. */
  get direct(): string | null {
    return isDirect(this.#place) ? this.#place.peer : null;
  }

  /** Where it talks: the general chat, a channel or a direct conversation. */
  get place(): Room {
    return this.#place;
  }

  /** Removing, banning, leaving for good, members, handing over. */
  get moderation(): ChannelModeration {
    return this.#moderation ??= new ChannelModeration(
      this.#hub,
      () => this.#requireLogin(),
    );
  }

  /** Join requests: asking for access, and the owner's decisions. */
  get requests(): AccessRequests {
    return this.#requests ??= new AccessRequests(
      this.#hub,
      () => this.#requireLogin(),
    );
  }

  /** Direct messages: sending, history, conversations, blocks. */
  get dms(): DirectMessages {
    return this.#direct ??= new DirectMessages(
      this.#hub,
      this,
      () => this.#requireLogin(),
    );
  }

  /** The session clock's reading at the last input, for the idle sweep. */
  get lastActivity(): number {
    return this.#lastActivity;
  }

  /** Tells the client it idled too long and closes the connection. */
  expire(): void {
    this.deliver({ type: "system", text: IDLE_NOTICE });
    this.close("idle");
  }

  /** Records activity, postponing the idle disconnect. */
  touch(): void {
    this.#lastActivity = this.#hub.clock.now();
  }

  /** Hands an event to the transport; a failing sink closes only itself. */
  deliver(event: ChatEvent): void {
    if (this.#state === "closed") return;
    if (this.#following) this.#followGained(event);
    try {
      this.#sink.send(event);
    } catch {
      this.close("transport");
    }
  }

  /** Checks credentials and enters the general chat as that participant. */
  async login(name: string, password: string): Promise<Participant> {
    this.#requireState("pending", "You are already logged in");
    const participant = await this.#hub.authenticate(name, password, {
      address: this.address,
    });
    await this.#attach(participant);
    return participant;
  }

  /**
   * Enters as a participant whose identity the transport already verified
   * (a signed web session); refused when the account no longer exists.
   */
  async enter(name: string): Promise<Participant> {
    this.#requireState("pending", "You are already logged in");
    const hub = this.#hub;
    const participant = await hub.guard(
      "Sign-in failed",
      () => hub.backend.getParticipant(name),
    );
    if (!participant) {
      throw new ChatError(
        "unauthorized",
        "Sign in again; this session is not valid",
      );
    }
    await this.#attach(participant);
    return participant;
  }

  /**
   * Shows this connection what its participant was told while away (join
   * requests, decisions, removals, bans, handovers, direct messages) as
   * events, once per login; call it after greeting the user. A notice is
   * shown live or here, never both.
   */
  async catchUp(): Promise<void> {
    this.#requireLogin();
    await this.#hub.catchUp(this);
  }

  /**
   * Stores a message in the current room, then broadcasts it; in a direct
   * conversation, sends it to the other participant.
   */
  async say(text: string): Promise<Message | DirectMessage> {
    const sender = this.#requireLogin();
    const place = this.#place;
    if (isDirect(place)) {
      return await sendDirect(this.#hub, this, { to: place.peer, text });
    }
    // Access is checked on entering and revoked by an event that moves the
    // connection out; should that event be lost, a send past the staleness
    // bound reads it again (one clock read on the common path).
    const stale = place !== null &&
      this.#hub.clock.now() - this.#checkedAt >= this.#hub.membershipTtlMs;
    return await sayInRoom(this.#hub, this, {
      channel: place,
      text,
      confirm: stale ? () => this.#confirmMember(sender, place) : undefined,
    });
  }

  /** Creates a channel owned by this participant, within the owner limit. */
  createChannel(name: string): Promise<Channel> {
    return createOwnedChannel(this.#hub, this.#requireLogin(), name);
  }

  /** Sets slow mode (seconds, 0 off) on a channel this participant owns. */
  setSlowMode(name: string, seconds: number): Promise<Channel> {
    return changeSlowMode(this.#hub, this.#requireLogin(), { name, seconds });
  }

  /** Enters a channel this participant owns or was granted. */
  async join(name: string): Promise<Channel> {
    const channel = await requireMember(this.#hub, this.#requireLogin(), name);
    this.#moveTo(channel.name);
    this.#checkedAt = this.#hub.clock.now();
    return channel;
  }

  /**
   * Enters the direct conversation with `name`, so plain lines go to them;
   * resolves their stored name.
   */
  async enterDirect(name: string): Promise<string> {
    const peer = await findPeer(this.#hub, this.#requireLogin(), name);
    this.#moveTo({ peer });
    return peer;
  }

  /** Returns to the general chat. */
  leave(): void {
    this.#requireLogin();
    this.#moveTo(null);
  }

  /**
   * Its participant lost `channel`: it stops following it, and if it is
   * there, goes back to the general chat.
   */
  lostAccess(channel: string): void {
    if (this.#state !== "connected") return;
    if (this.#following) this.#hub.unfollow(this, channel);
    if (!sameRoom(this.#place, channel)) return;
    this.#moveTo(null);
    this.deliver({ type: "room", channel: null });
  }

  /** A page of stored participants, each marked online or not. */
  async who(query?: ListQuery): Promise<ListPage<Presence>> {
    this.#requireLogin();
    const page = await this.#hub.guard(
      "Participant list unavailable",
      () => this.#hub.backend.listParticipants(query),
    );
    const online = await this.#hub.onlineAmong(page.items.map((p) => p.name));
    const items = page.items.map((p) => ({
      name: p.name,
      online: online.has(p.name.toLowerCase()),
    }));
    return { items, ...(page.next ? { next: page.next } : {}) };
  }

  /** A page of channels. */
  channels(query?: ListQuery): Promise<ListPage<Channel>> {
    this.#requireLogin();
    return this.#hub.guard(
      "Channel list unavailable",
      () => this.#hub.backend.listChannels(query),
    );
  }

  /** A page of channels, each with where this participant stands in it. */
  channelsWithAccess(query?: ListQuery): Promise<ChannelAccess[]> {
    return channelsWithAccess(this.#hub, this.#requireLogin(), query);
  }

  /** A page of history of the current room, or of `channel` when given. */
  history(
    query: HistoryQuery = {},
    channel: string | null = this.room,
  ): Promise<HistoryPage> {
    return readHistory(this.#hub, this.#requireLogin(), { ...query, channel });
  }

  /**
   * What this participant missed in the current room: the page after their
   * read marker, up to when this connection entered (later messages came
   * live), oldest first. Catching up continues after `markRead`.
   */
  missed(
    query: Pick<HistoryQuery, "limit"> = {},
  ): Promise<HistoryPage<AnyMessage>> {
    this.#requireLogin();
    const room = this.#place;
    return this.#hub.guard(
      "History unavailable",
      () => this.#hub.readMarkers.missed(this, room, query),
    );
  }

  /**
   * Unread counts of every room this participant may use. From then on the
   * connection also receives the messages of those rooms (and of rooms it
   * gains), wherever it is, so a client can keep the counts live.
   */
  async unread(): Promise<RoomUnread[]> {
    const who = this.#requireLogin();
    const hub = this.#hub;
    return await hub.guard("Unread counts unavailable", async () => {
      const rooms = await roomsOf(hub, who);
      // Follow first: a message stored meanwhile is counted and delivered,
      // and its id (at most `lastId`) tells the client it was counted.
      this.#following = true;
      hub.follow(this, rooms);
      return await unreadIn(hub.backend, who, rooms);
    });
  }

  /** Records that this participant has read the current room to its newest message. */
  caughtUp(): Promise<void> {
    this.#requireLogin();
    const room = this.#place;
    return this.#hub.guard(
      "Read marker not saved",
      () => this.#hub.readMarkers.caughtUp(this, room),
    );
  }

  /** Records that this participant has read the current room up to `id`. */
  markRead(id: number): Promise<void> {
    this.#requireLogin();
    const room = this.#place;
    return this.#hub.guard(
      "Read marker not saved",
      () => this.#hub.readMarkers.markRead(this, room, id),
    );
  }

  /** Ends the connection: leaves the registry and closes the transport. */
  close(reason: CloseReason = "quit"): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#hub.detach(this, reason);
    try {
      this.#sink.close(reason);
    } catch {
      // The transport is already gone; nothing more to release here.
    }
  }

  // A following connection starts following a channel its participant
  // creates or is granted.
  #followGained(event: ChatEvent): void {
    const me = this.name;
    if (me === null) return;
    if (
      event.type === "channel_created" &&
      nameKey(event.channel.owner) === nameKey(me)
    ) {
      this.#hub.follow(this, [event.channel.name]);
    } else if (
      event.type === "access_changed" && event.request.state === "granted"
    ) {
      this.#hub.follow(this, [event.request.channel]);
    }
  }

  #moveTo(place: Room): void {
    this.#hub.move(this, place);
    this.#place = place;
  }

  async #confirmMember(sender: string, channel: string): Promise<void> {
    if (await stillMember(this.#hub, sender, channel)) {
      this.#checkedAt = this.#hub.clock.now();
      return;
    }
    this.lostAccess(channel);
    throw new ChatError("forbidden", `You may no longer use #${channel}`);
  }

  async #attach(participant: Participant): Promise<void> {
    this.#participant = participant;
    this.#state = "connected";
    await this.#hub.attach(this, participant);
  }

  #requireLogin(): string {
    if (!this.#participant || this.#state !== "connected") {
      throw new ChatError("unauthorized", "Log in first");
    }
    return this.#participant.name;
  }

  #requireState(state: ConnectionState, message: string): void {
    if (this.#state !== state) throw new ChatError("invalid", message);
  }
}
