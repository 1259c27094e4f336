/**
 * What a connection and the chat actions need from their session: storage
 * behind the guard, the bus, the limits and the per-instance state. The
 * session builds one hub and hands it to every connection; transports never
 * see it, so every read and write they cause goes through a core method.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import type { ChatMetrics } from "../ports/metrics.ts";
import type { Clock } from "../ports/clock.ts";
import type { ChatEvent, CloseReason } from "../model/events.ts";
import type { Participant, Room } from "../model/types.ts";
import type { Limits } from "../rules/limits.ts";
import type { SlowMode } from "../throttle/slow_mode.ts";
import type { ReadMarkers } from "../actions/read_markers.ts";

/** A live connection as the session's indexes see it. */
export interface Member {
  /** Unique per session; never an address. */
  readonly id: string;
  /** Which transport carries it, e.g. `telnet` or `ws`. */
  readonly transport: string;
  /** The peer's IP address, when the transport knows it. */
  readonly address?: string;
  /** The logged-in participant's name, or null. */
  readonly name: string | null;
  /** The current room: a channel name, or null for the general chat. */
  readonly room: string | null;
  /** Where it talks: the general chat, a channel or a direct conversation. */
  readonly place: Room;
  /** Whether the client shows presence changes. */
  readonly watchesPresence: boolean;
  /**
   * Whether the client shows every event as it comes (telnet prints it),
   * so a direct message delivered live counts as read.
   */
  readonly readsLive: boolean;
  /** The session clock's reading at the last input, for the idle sweep. */
  readonly lastActivity: number;
  /** Tells the client it idled too long and closes the connection. */
  expire(): void;
  /** Hands an event to the transport. */
  deliver(event: ChatEvent): void;
  /** Its participant lost `channel`: if it is there, back to the general chat. */
  lostAccess(channel: string): void;
  /** Ends the connection. */
  close(reason?: CloseReason): void;
}

/** The session's services, as connections and actions use them. */
export interface Hub {
  /** The storage port; call it only inside `guard`. */
  readonly backend: Backend;
  /** The time limits and idle disconnects run on. */
  readonly clock: Clock;
  readonly limits: Limits;
  readonly metrics: ChatMetrics;
  readonly slowMode: SlowMode;
  readonly readMarkers: ReadMarkers;
  /**
   * How long a connection trusts its membership of the channel it is in
   * before a send checks it again (a removal event may have been lost).
   */
  readonly membershipTtlMs: number;
  /** Runs storage work; a failure becomes "<what>: storage unavailable". */
  guard<T>(what: string, work: () => Promise<T>): Promise<T>;
  /** Publishes on the bus. */
  publish(topic: string, event: ChatEvent): Promise<void>;
  /** Checks credentials, with login throttling. */
  authenticate(
    name: string,
    password: string,
    options?: { address?: string },
  ): Promise<Participant>;
  /** Spends one message of `member`'s participant; throws when over the rate. */
  admitMessage(member: Member): void;
  /** Files a logged-in member under its participant, in the general chat. */
  attach(member: Member, participant: Participant): Promise<void>;
  /** Moves a member from its place to `to` (null: the general chat). */
  move(member: Member, to: Room): void;
  /** Lets a member receive the messages of `rooms` while it is elsewhere. */
  follow(member: Member, rooms: (string | null)[]): void;
  /** Stops a member following `channel` (its participant lost it). */
  unfollow(member: Member, channel: string): void;
  /**
   * Shows a member, once, the notices its participant missed while away
   * (the inbox), acknowledging them; those it got live meanwhile are not
   * repeated.
   */
  catchUp(member: Member): Promise<void>;
  /** Removes a closing member from every index. */
  detach(member: Member, reason: CloseReason): void;
  /** The subset of `names` online on any instance, as lowercase keys. */
  onlineAmong(names: string[]): Promise<Set<string>>;
}
