/**
 * The registry of live connections: by connection id, by participant and by
 * room, each index following its bus topic while it has members, so an
 * event published anywhere reaches exactly the local connections it should.
 * A connection may also follow rooms it is not in (to count unread
 * messages): it then receives their messages too.
 *
 * @module
 */
import type { Bus } from "../ports/bus.ts";
import {
  CHANNELS_TOPIC,
  PRESENCE_TOPIC,
  roomTopic,
  topicChannel,
  userTopic,
} from "../model/topics.ts";
import type { Member } from "./hub.ts";
import type { ChatEvent } from "../model/events.ts";
import type { ChatMetrics } from "../ports/metrics.ts";
import { isDirect, type Room } from "../model/types.ts";

/**
 * Handles an event of participant `key`'s topic for their local
 * connections (delivering it is its job, through `Registry.deliver`).
 */
export type UserEventHandler = (
  key: string,
  members: ReadonlySet<Member>,
  event: ChatEvent,
) => void;

/** What the registry tells its session about channel topics. */
export interface ChannelHooks {
  /** A message of `channel` (lowercase) is about to reach local connections. */
  delivering(channel: string): void;
  /** No local connection is in or following `channel` (lowercase) any more. */
  forget(channel: string): void;
}

/** Indexes of live connections, delivering bus events to them. */
export class Registry {
  #bus: Bus;
  #metrics: ChatMetrics;
  #connections = new Map<string, Member>();
  #byParticipant = new Map<string, Set<Member>>();
  #byRoom = new Map<string, Set<Member>>();
  // Presence goes only to clients that show it: one login would otherwise
  // mean a line for every connection, N² for a crowd.
  #watchers = new Set<Member>();
  // Every logged-in connection: new channels are announced to all of them.
  #signedIn = new Set<Member>();
  // Connections following a room topic without being in that room.
  #followers = new Map<string, Set<Member>>();
  #followed = new Map<Member, Set<string>>();
  #unsubscribe = new Map<string, () => void>();
  #onUser: UserEventHandler;
  #channels?: ChannelHooks;

  /** Follows topics on `bus`; counts deliveries in `metrics`. */
  constructor(
    bus: Bus,
    metrics: ChatMetrics,
    options: { onUserEvent?: UserEventHandler; channels?: ChannelHooks } = {},
  ) {
    this.#bus = bus;
    this.#metrics = metrics;
    this.#onUser = options.onUserEvent ??
      ((_key, members, event) => this.deliver(members, event));
    this.#channels = options.channels;
    this.#follow(PRESENCE_TOPIC, (e) => this.deliver(this.#watchers, e));
    this.#follow(CHANNELS_TOPIC, (e) => this.deliver(this.#signedIn, e));
  }

  /** How many connections are live. */
  get size(): number {
    return this.#connections.size;
  }

  /** Every live connection, as a snapshot safe to close them over. */
  all(): Member[] {
    return [...this.#connections.values()];
  }

  /** Every live connection, live view (closing one while iterating is safe). */
  values(): IterableIterator<Member> {
    return this.#connections.values();
  }

  /** The live connection with this id, if any. */
  get(id: string): Member | undefined {
    return this.#connections.get(id);
  }

  /** The local connections in `channel` or following it, each once. */
  local(channel: string): Member[] {
    const topic = roomTopic(channel);
    return [
      ...new Set([
        ...this.#byRoom.get(topic) ?? [],
        ...this.#followers.get(topic) ?? [],
      ]),
    ];
  }

  /** Adds a new (pending) connection. */
  add(conn: Member): void {
    this.#connections.set(conn.id, conn);
  }

  /** Whether a local connection belongs to the participant with this key. */
  holds(key: string): boolean {
    return this.#byParticipant.has(key);
  }

  /** Files a logged-in connection under its participant; true if it is their first here. */
  attach(conn: Member, key: string, watchesPresence: boolean): boolean {
    let mine = this.#byParticipant.get(key);
    const first = !mine;
    if (!mine) {
      this.#byParticipant.set(key, mine = new Set());
      this.#follow(userTopic(key), (e) => this.#onUser(key, mine!, e));
    }
    mine.add(conn);
    this.#signedIn.add(conn);
    if (watchesPresence) this.#watchers.add(conn);
    return first;
  }

  /** Lets `conn` receive the messages of `rooms` while it is elsewhere too. */
  followRooms(conn: Member, rooms: (string | null)[]): void {
    let mine = this.#followed.get(conn);
    if (!mine) this.#followed.set(conn, mine = new Set());
    for (const room of rooms) {
      const topic = roomTopic(room);
      if (mine.has(topic)) continue;
      mine.add(topic);
      let followers = this.#followers.get(topic);
      if (!followers) this.#followers.set(topic, followers = new Set());
      followers.add(conn);
      this.#followRoom(room);
    }
  }

  /** Stops `conn` following `room` (its participant lost it). */
  unfollowRoom(conn: Member, room: string): void {
    const topic = roomTopic(room);
    const mine = this.#followed.get(conn);
    if (!mine?.delete(topic)) return;
    const followers = this.#followers.get(topic);
    followers?.delete(conn);
    if (followers?.size === 0) this.#followers.delete(topic);
    this.#unfollowRoom(topic);
  }

  /**
   * Moves a connection from `from` to `to` (null: the general chat). A
   * direct conversation has no room topic: its messages come on the
   * participants' own topics.
   */
  move(conn: Member, from: Room | undefined, to: Room): void {
    if (from !== undefined) this.#leave(conn, from);
    if (isDirect(to)) return;
    const topic = roomTopic(to);
    let members = this.#byRoom.get(topic);
    if (!members) this.#byRoom.set(topic, members = new Set());
    members.add(conn);
    this.#followRoom(to);
  }

  /** Removes a connection everywhere; true if it was its participant's last here. */
  remove(conn: Member): { removed: boolean; last: boolean } {
    if (!this.#connections.delete(conn.id)) {
      return { removed: false, last: false };
    }
    this.#watchers.delete(conn);
    this.#signedIn.delete(conn);
    if (conn.name === null) return { removed: true, last: false };
    this.#leave(conn, conn.place);
    this.#unfollowRooms(conn);
    const key = conn.name.toLowerCase();
    const mine = this.#byParticipant.get(key);
    mine?.delete(conn);
    if (mine?.size !== 0) return { removed: true, last: false };
    this.#byParticipant.delete(key);
    this.#unfollow(userTopic(key));
    return { removed: true, last: true };
  }

  /** Stops following every topic. */
  close(): void {
    for (const stop of this.#unsubscribe.values()) stop();
    this.#unsubscribe.clear();
  }

  #leave(conn: Member, room: Room): void {
    if (isDirect(room)) return;
    const topic = roomTopic(room);
    const members = this.#byRoom.get(topic);
    members?.delete(conn);
    if (members?.size === 0) this.#byRoom.delete(topic);
    this.#unfollowRoom(topic);
  }

  #unfollowRooms(conn: Member): void {
    for (const topic of this.#followed.get(conn) ?? []) {
      const followers = this.#followers.get(topic);
      followers?.delete(conn);
      if (followers?.size === 0) this.#followers.delete(topic);
      this.#unfollowRoom(topic);
    }
    this.#followed.delete(conn);
  }

  // A room topic is followed while it has members or followers here; each
  // connection gets an event once, members first.
  #followRoom(room: string | null): void {
    const topic = roomTopic(room);
    const channel = topicChannel(topic);
    this.#follow(topic, (event) => {
      if (channel !== null && event.type === "message") {
        this.#channels?.delivering(channel);
      }
      const members = this.#byRoom.get(topic);
      if (members) this.deliver(members, event);
      const followers = this.#followers.get(topic);
      if (!followers) return;
      const others = members
        ? [...followers].filter((c) => !members.has(c))
        : followers;
      this.deliver(others, event);
    });
  }

  #unfollowRoom(topic: string): void {
    if (!this.#byRoom.has(topic) && !this.#followers.has(topic)) {
      const channel = topicChannel(topic);
      if (channel !== null && this.#unsubscribe.has(topic)) {
        this.#channels?.forget(channel);
      }
      this.#unfollow(topic);
    }
  }

  #follow(topic: string, handler: (e: ChatEvent) => void): void {
    if (!this.#unsubscribe.has(topic)) {
      this.#unsubscribe.set(topic, this.#bus.subscribe(topic, handler));
    }
  }

  #unfollow(topic: string): void {
    this.#unsubscribe.get(topic)?.();
    this.#unsubscribe.delete(topic);
  }

  /** Hands `event` to `conns`, counting the deliveries. */
  deliver(conns: Iterable<Member>, event: ChatEvent): void {
    let count = 0;
    for (const conn of conns) {
      conn.deliver(event);
      count++;
    }
    this.#metrics.count("deliveries", event.type, count);
    if (event.type === "message") {
      this.#metrics.count("messages_out", undefined, count);
    }
  }
}
