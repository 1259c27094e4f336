/**
 * The session: what every transport talks to. It admits connections, keeps
 * them in the registry, tracks presence across instances, and hands the
 * chat actions their storage, bus and limits through one private hub:
 * transports reach storage only through the methods below and `Connection`.
 *
 * @module
 */
import { Accounts, type ClientInfo } from "../actions/accounts.ts";
import type { Backend } from "../ports/backend.ts";
import type { Bus } from "../ports/bus.ts";
import { MemoryBus } from "./memory_bus.ts";
import { Connection, type ConnectionSink } from "./connection.ts";
import type { Hub, Member } from "./hub.ts";
import { ChatError } from "../model/errors.ts";
import { userTopic } from "../model/topics.ts";
import {
  type CloseReason,
  FLOOD_NOTICE,
  SHUTDOWN_NOTICE,
} from "../model/events.ts";
import { Gatekeeper } from "../throttle/gatekeeper.ts";
import { type Limits, nameRule, resolveLimits } from "../rules/limits.ts";
import { type ChatMetrics, noMetrics } from "../ports/metrics.ts";
import { ReadMarkers } from "../actions/read_markers.ts";
import { IdleSweeper } from "./idle_sweeper.ts";
import { type Clock, systemClock } from "../ports/clock.ts";
import { Registry } from "./registry.ts";
import { SlowMode } from "../throttle/slow_mode.ts";
import { StorageGuard } from "./storage_guard.ts";
import type {
  DirectMessage,
  HistoryPage,
  HistoryQuery,
  Participant,
  Room,
} from "../model/types.ts";
import { SignIns } from "../actions/sign_ins.ts";
import { readDirectHistory, readHistory } from "../actions/history.ts";
import { deliverInbox } from "../actions/notices.ts";
import { UserEvents } from "./user_events.ts";
import { AccessAudit } from "./access_audit.ts";
import { OnlineState } from "./online_state.ts";
import { type Logger, silentLogger } from "../ports/logger.ts";

export type { ClientInfo } from "../actions/accounts.ts";
export type { ConnectInfo, Health, SessionOptions } from "./options.ts";
import type { ConnectInfo, Health, SessionOptions } from "./options.ts";

/** Owns every live connection and routes events between them. */
export class Session {
  /** The time that limits and idle disconnects run on. */
  readonly clock: Clock;
  /** The limits in force. */
  readonly limits: Limits;
  #backend: Backend;
  #idleTimeoutMs: number;
  #metrics: ChatMetrics;
  #gate: Gatekeeper;
  #bus: Bus;
  #online: OnlineState;
  #log: Logger;
  #guard: StorageGuard;
  #accounts: Accounts;
  #signIns: SignIns;
  #registry: Registry;
  #userEvents: UserEvents;
  #sweeper: IdleSweeper;
  #hub: Hub;
  #nextId = 0;
  // Connections counted by their transport (`ConnectInfo.admitted`).
  #precounted = new WeakSet<Member>();

  /** Creates a session over a backend. */
  constructor(backend: Backend, options: SessionOptions = {}) {
    this.#backend = backend;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 600_000;
    const clock = this.clock = options.clock ?? systemClock;
    const now = () => clock.now();
    this.#bus = options.bus ?? new MemoryBus();
    this.#log = options.logger ?? silentLogger;
    this.limits = resolveLimits(options.limits);
    this.#metrics = options.metrics ?? noMetrics;
    this.#gate = new Gatekeeper(this.limits, { now });
    const guard = this.#guard = new StorageGuard(this.#log, this.#metrics);
    const run = <T>(what: string, work: () => Promise<T>) =>
      guard.run(what, work);
    this.#accounts = new Accounts({
      backend,
      gate: this.#gate,
      guard,
      metrics: this.#metrics,
      log: this.#log,
      names: nameRule(this.limits),
      hashing: { iterations: options.pbkdf2Iterations },
    });
    this.#signIns = new SignIns({ backend, guard: run, now });
    const readMarkers = new ReadMarkers(backend, {
      run,
      // Every connection of theirs, on every instance, clears the room.
      moved: (name, room, id) => {
        this.#bus.publish(userTopic(name), { type: "read", room, id })
          .catch((cause) => this.#log.error("read_not_published", { cause }));
      },
    });
    this.#userEvents = new UserEvents({
      backend,
      readMarkers,
      guard: run,
      deliver: (members, event) => this.#registry.deliver(members, event),
    });
    const membershipTtlMs = options.membershipTtlMs ?? 30_000;
    this.#registry = new Registry(this.#bus, this.#metrics, {
      onUserEvent: (key, members, event) =>
        this.#userEvents.handle(key, members, event),
      channels: new AccessAudit({
        backend,
        clock,
        ttlMs: membershipTtlMs,
        guard: run,
        local: (channel) => this.#registry.local(channel),
      }),
    });
    this.#online = new OnlineState({
      presence: options.presence,
      bus: this.#bus,
      log: this.#log,
      holds: (key) => this.#registry.holds(key),
    });
    this.#sweeper = new IdleSweeper(
      this.#idleTimeoutMs,
      () => this.#registry.values(),
      { clock },
    );
    this.#hub = {
      backend,
      clock,
      limits: this.limits,
      metrics: this.#metrics,
      slowMode: new SlowMode({
        load: (name) => run("Message not sent", () => backend.getChannel(name)),
        now,
      }),
      readMarkers,
      membershipTtlMs,
      guard: run,
      publish: (topic, event) => this.#bus.publish(topic, event),
      authenticate: (name, password, info) =>
        this.#accounts.authenticate(name, password, info),
      admitMessage: (member) => this.#admitMessage(member),
      attach: (member, participant) => this.#attach(member, participant),
      move: (member, to) => this.#move(member, to),
      follow: (member, rooms) => this.#registry.followRooms(member, rooms),
      unfollow: (member, channel) =>
        this.#registry.unfollowRoom(member, channel),
      catchUp: (member) => this.#catchUp(member),
      detach: (member, reason) => this.#detach(member, reason),
      onlineAmong: (names) => this.onlineAmong(names),
    };
  }

  /**
   * Counts a transport's connection (an HTTP connection, before any request)
   * toward the connection limits; throws `limit`. Returns its release, which
   * may be called more than once.
   */
  admit(info: ConnectInfo): () => void {
    try {
      this.#gate.admit(info.address);
    } catch (error) {
      this.#metrics.count("connections_refused", info.transport);
      this.#log.info("connection_refused", {
        ...info,
        reason: (error as Error).message,
      });
      throw error;
    }
    let released = false;
    return () => {
      if (!released) this.#gate.release(info.address);
      released = true;
    };
  }

  /** Registers a new transport connection, in the pending state; throws at a connection limit. */
  connect(sink: ConnectionSink, info: ConnectInfo): Connection {
    if (!info.admitted) this.admit(info);
    const id = `${info.transport}-${++this.#nextId}`;
    const conn = new Connection(id, sink, this.#hub, info);
    if (info.admitted) this.#precounted.add(conn);
    this.#registry.add(conn);
    this.#sweeper.start();
    this.#metrics.count("connections", info.transport);
    this.#log.info("connect", { id, ...info });
    return conn;
  }

  /** Live connections of this instance, by transport (for metrics). */
  connectionsByTransport(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.#registry.all()) {
      out[c.transport] = (out[c.transport] ?? 0) + 1;
    }
    return out;
  }

  /** The live connection with this id, if any. */
  connection(id: string): Member | undefined {
    return this.#registry.get(id);
  }

  /** How many connections are live. */
  get size(): number {
    return this.#registry.size;
  }

  /** Whether any live connection of THIS instance belongs to `name`. */
  isOnline(name: string): boolean {
    return this.#registry.holds(name.toLowerCase());
  }

  /** The subset of `names` online on any instance, as lowercase keys. */
  onlineAmong(names: string[]): Promise<Set<string>> {
    return this.#online.among(names);
  }

  /** Readiness: whether storage and the bus answer right now. */
  async health(): Promise<Health> {
    const probe = async (work: () => Promise<unknown>) => {
      try {
        await work();
        return "ok" as const;
      } catch (cause) {
        this.#log.error("health_check_failed", { cause });
        return "unavailable" as const;
      }
    };
    const [backend, bus] = await Promise.all([
      // Any read will do; a name that cannot be registered touches no data.
      probe(() => this.#backend.hasParticipant("-health-")),
      probe(() => this.#bus.ping?.() ?? Promise.resolve()),
    ]);
    return { ok: backend === "ok" && bus === "ok", backend, bus };
  }

  /** Waits until every storage call under way has settled. */
  drain(): Promise<void> {
    return this.#guard.drain();
  }

  /** Creates an account from a plain password (digested before storage). */
  register(
    name: string,
    password: string,
    email: string,
    options: ClientInfo = {},
  ): Promise<Participant> {
    return this.#accounts.register(name, password, email, options);
  }

  /** Checks credentials; the same error for an unknown name or a wrong password. */
  authenticate(
    name: string,
    password: string,
    options: ClientInfo = {},
  ): Promise<Participant> {
    return this.#accounts.authenticate(name, password, options);
  }

  /**
   * Stored sign-ins (browser sessions and API tokens): start, check (cached
   * per instance for at most `SIGN_IN_CACHE_MS`), end one or all of a
   * participant's on every instance, and the key that signs their tokens.
   */
  get signIns(): SignIns {
    return this.#signIns;
  }

  /** Whether an account of this name (any case) exists, e.g. to warn a newcomer early. */
  isRegistered(name: string): Promise<boolean> {
    return this.#guard.run(
      "Registration failed",
      () => this.#backend.hasParticipant(name),
    );
  }

  /**
   * A page of history for `reader` without a live connection (the HTTP
   * path): the general chat (`channel` null), or a channel they may use.
   */
  history(
    reader: string,
    options: HistoryQuery & { channel: string | null },
  ): Promise<HistoryPage> {
    return readHistory(this.#hub, reader, options);
  }

  /**
   * A page of `reader`'s direct conversation with `peer`, without a live
   * connection (the HTTP path): only its two participants can name it.
   */
  directHistory(
    reader: string,
    options: HistoryQuery & { peer: string },
  ): Promise<HistoryPage<DirectMessage>> {
    return readDirectHistory(this.#hub, reader, options);
  }

  /** Closes every connection with `reason`, then stops following the bus. */
  close(reason: CloseReason = "shutdown"): void {
    for (const conn of this.#registry.all()) {
      if (reason === "shutdown") {
        conn.deliver({ type: "system", text: SHUTDOWN_NOTICE });
      }
      conn.close(reason);
    }
    this.#registry.close();
    this.#sweeper.stop();
  }

  // Spends one message of the member's participant; throws when over the rate.
  #admitMessage(member: Member): void {
    const name = member.name;
    if (name === null) return;
    const verdict = this.#gate.message(name);
    if (verdict === "ok") return;
    this.#metrics.count("throttled", "message");
    if (verdict === "flooding") {
      this.#log.info("flooding", { id: member.id, name });
      member.deliver({ type: "system", text: FLOOD_NOTICE });
      member.close("flooding");
    } else {
      this.#log.info("throttled", { id: member.id, name });
    }
    throw new ChatError("throttled", this.#gate.flood.refusal);
  }

  async #attach(member: Member, participant: Participant): Promise<void> {
    const key = participant.name.toLowerCase();
    const first = this.#registry.attach(member, key, member.watchesPresence);
    this.#registry.move(member, undefined, null);
    this.#hub.readMarkers.entered(member, null);
    this.#log.info("login", { id: member.id, name: participant.name });
    if (first) await this.#online.cameOnline(participant.name);
    this.#userEvents.attached(member);
  }

  // Offline, they missed notices: shown now, and acknowledged.
  async #catchUp(member: Member): Promise<void> {
    await this.#userEvents.catchUp(
      member,
      (shownLive) => deliverInbox(this.#hub, member, shownLive),
    ).catch((cause) => this.#log.error("catch_up_failed", { cause }));
  }

  #move(member: Member, to: Room): void {
    this.#registry.move(member, member.place, to);
    this.#hub.readMarkers.left(member, member.place);
    this.#hub.readMarkers.entered(member, to);
  }

  #detach(member: Member, reason: CloseReason): void {
    const { removed, last } = this.#registry.remove(member);
    if (!removed) return;
    // No timer outlives the last connection (test sanitizers check this).
    if (this.#registry.size === 0) this.#sweeper.stop();
    if (!this.#precounted.has(member)) this.#gate.release(member.address);
    this.#metrics.count("disconnects", reason);
    if (reason === "slow_consumer") {
      this.#metrics.count("queue_drops", member.transport);
    }
    this.#log.info("disconnect", { id: member.id, name: member.name, reason });
    this.#hub.readMarkers.left(member, member.place, { reason });
    this.#userEvents.detached(member);
    if (last && member.name !== null) this.#online.wentOffline(member.name);
  }
}
