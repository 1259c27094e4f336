/**
 * The session: what every transport talks to. It admits connections, keeps
 * them in the registry, tracks presence across instances, and hands the
 * chat actions their storage, bus and limits.
 *
 * @module
 */
import { Accounts, type ClientInfo } from "./accounts.ts";
import type { Backend } from "./backend.ts";
import { type Bus, MemoryBus, PRESENCE_TOPIC } from "./bus.ts";
import { Connection, type ConnectionSink, type Hub } from "./connection.ts";
import { ChatError } from "./errors.ts";
import {
  type ChatEvent,
  type CloseReason,
  FLOOD_NOTICE,
  SHUTDOWN_NOTICE,
} from "./events.ts";
import { Gatekeeper } from "./gatekeeper.ts";
import { type Limits, nameRule, resolveLimits } from "./limits.ts";
import { type ChatMetrics, noMetrics } from "./metrics_port.ts";
import { ReadMarkers } from "./read_markers.ts";
import type { PresenceStore } from "./presence.ts";
import { IdleSweeper } from "./idle_sweeper.ts";
import { Registry } from "./registry.ts";
import { SlowMode } from "./slow_mode.ts";
import { StorageGuard } from "./storage_guard.ts";
import type { Participant } from "./types.ts";
import { type Logger, silentLogger } from "./logger.ts";

export type { ClientInfo } from "./accounts.ts";

/** Options for `Session`. */
export interface SessionOptions {
  /** Disconnect after this long without input; 0 disables. Default 600 s. */
  idleTimeoutMs?: number;
  /** Where events travel between sessions; defaults to in-process. */
  bus?: Bus;
  /** Who is online on other instances; defaults to this session alone. */
  presence?: PresenceStore;
  logger?: Logger;
  /** Limits to enforce; missing ones take `DEFAULT_LIMITS`. */
  limits?: Partial<Limits>;
  /** Where counts and timings go; defaults to nowhere. */
  metrics?: ChatMetrics;
  /** The clock of the rate limits, in milliseconds. */
  now?: () => number;
  /**
   * PBKDF2 iterations for new password hashes and for the dummy check of
   * unknown names; default `DEFAULT_PBKDF2_ITERATIONS`. Lower only in tests.
   */
  pbkdf2Iterations?: number;
}

/** What `Session.health` reports. */
export interface Health {
  ok: boolean;
  backend: "ok" | "unavailable";
  bus: "ok" | "unavailable";
}

/** Describes a new connection, for limits and logs. */
export interface ConnectInfo {
  transport: string;
  /** The peer's IP address (no port), for per-address limits. */
  address?: string;
  /** Whether the client shows presence changes. Default true. */
  presence?: boolean;
}

/** Owns every live connection and routes events between them. */
export class Session implements Hub {
  /** The storage port this session writes through. */
  readonly backend: Backend;
  /** Idle limit per connection, in milliseconds. */
  readonly idleTimeoutMs: number;
  /** The limits in force. */
  readonly limits: Limits;
  /** Where counts and timings go. */
  readonly metrics: ChatMetrics;
  /** Per-channel slow mode of this instance. */
  readonly slowMode: SlowMode;
  /** Where each participant left off in each room. */
  readonly readMarkers: ReadMarkers;
  #gate: Gatekeeper;
  #bus: Bus;
  #presence?: PresenceStore;
  #log: Logger;
  #guard: StorageGuard;
  #accounts: Accounts;
  #registry: Registry;
  #sweeper: IdleSweeper;
  #nextId = 0;

  /** Creates a session over a backend. */
  constructor(backend: Backend, options: SessionOptions = {}) {
    this.backend = backend;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 600_000;
    this.#bus = options.bus ?? new MemoryBus();
    this.#presence = options.presence;
    this.#log = options.logger ?? silentLogger;
    this.limits = resolveLimits(options.limits);
    this.metrics = options.metrics ?? noMetrics;
    this.#gate = new Gatekeeper(this.limits, { now: options.now });
    this.#guard = new StorageGuard(this.#log, this.metrics);
    this.slowMode = new SlowMode({
      load: (name) =>
        this.#guard.run("Message not sent", () => backend.getChannel(name)),
      now: options.now,
    });
    this.#accounts = new Accounts({
      backend,
      gate: this.#gate,
      guard: this.#guard,
      metrics: this.metrics,
      log: this.#log,
      names: nameRule(this.limits),
      hashing: { iterations: options.pbkdf2Iterations },
    });
    this.#registry = new Registry(this.#bus, this.metrics);
    this.readMarkers = new ReadMarkers(backend, {
      run: (what, work) => this.#guard.run(what, work),
    });
    this.#sweeper = new IdleSweeper(
      this.idleTimeoutMs,
      () => this.#registry.values(),
    );
  }

  /** Registers a new transport connection, in the pending state; throws at a connection limit. */
  connect(sink: ConnectionSink, info: ConnectInfo): Connection {
    try {
      this.#gate.admit(info.address);
    } catch (error) {
      this.metrics.count("connections_refused", info.transport);
      this.#log.info("connection_refused", {
        ...info,
        reason: (error as Error).message,
      });
      throw error;
    }
    const id = `${info.transport}-${++this.#nextId}`;
    const conn = new Connection(id, sink, this, info);
    this.#registry.add(conn);
    this.#sweeper.start();
    this.metrics.count("connections", info.transport);
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
  connection(id: string): Connection | undefined {
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
  async onlineAmong(names: string[]): Promise<Set<string>> {
    const local = names.map((n) => n.toLowerCase()).filter((k) =>
      this.#registry.holds(k)
    );
    if (!this.#presence) return new Set(local);
    try {
      const remote = await this.#presence.online(names);
      for (const key of local) remote.add(key);
      return remote;
    } catch (cause) {
      this.#log.error("presence_error", { cause });
      return new Set(local);
    }
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
      probe(() => this.backend.hasParticipant("-health-")),
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

  /** Runs storage work; a failure becomes "<what>: storage unavailable". */
  guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    return this.#guard.run(what, work);
  }

  /** Spends one message of `conn`'s participant; throws when over the rate. */
  admitMessage(conn: Connection): void {
    const name = conn.name;
    if (name === null) return;
    const verdict = this.#gate.message(name);
    if (verdict === "ok") return;
    this.metrics.count("throttled", "message");
    if (verdict === "flooding") {
      this.#log.info("flooding", { id: conn.id, name });
      conn.deliver({ type: "system", text: FLOOD_NOTICE });
      conn.close("flooding");
    } else {
      this.#log.info("throttled", { id: conn.id, name });
    }
    throw new ChatError("throttled", this.#gate.flood.refusal);
  }

  /** Publishes on the bus. */
  publish(topic: string, event: ChatEvent): Promise<void> {
    return this.#bus.publish(topic, event);
  }

  /** Marks a connection as its participant's and puts it in the general chat. */
  async attach(conn: Connection, participant: Participant): Promise<void> {
    const key = participant.name.toLowerCase();
    const first = this.#registry.attach(conn, key, conn.watchesPresence);
    this.#registry.move(conn, undefined, null);
    this.readMarkers.entered(conn, null);
    this.#log.info("login", { id: conn.id, name: participant.name });
    if (first) {
      await this.#presence?.set(key, true)
        .catch((cause) => this.#log.error("presence_error", { cause }));
      await this.publish(PRESENCE_TOPIC, {
        type: "presence",
        name: participant.name,
        online: true,
      });
    }
    await this.#catchUp(conn, participant);
  }

  /** Moves a connection from its current room to `to` (null: general chat). */
  move(conn: Connection, to: string | null): void {
    this.#registry.move(conn, conn.room, to);
    this.readMarkers.left(conn, conn.room);
    this.readMarkers.entered(conn, to);
  }

  /** Removes a closing connection from every index. */
  detach(conn: Connection, reason: CloseReason): void {
    const { removed, last } = this.#registry.remove(conn);
    if (!removed) return;
    // No timer outlives the last connection (test sanitizers check this).
    if (this.#registry.size === 0) this.#sweeper.stop();
    this.#gate.release(conn.address);
    this.metrics.count("disconnects", reason);
    if (reason === "slow_consumer") {
      this.metrics.count("queue_drops", conn.transport);
    }
    this.#log.info("disconnect", { id: conn.id, name: conn.name, reason });
    this.readMarkers.left(conn, conn.room, { reason });
    if (last && conn.name !== null) {
      this.#wentOffline(conn.name).catch((cause) =>
        this.#log.error("presence_error", { cause })
      );
    }
  }

  // Offline only if no other instance still holds them.
  async #wentOffline(name: string): Promise<void> {
    const key = name.toLowerCase();
    if (this.#presence) {
      await this.#presence.set(key, false);
      if ((await this.#presence.online([key])).has(key)) return;
    }
    if (this.#registry.holds(key)) return;
    await this.publish(PRESENCE_TOPIC, {
      type: "presence",
      name,
      online: false,
    });
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

  // Offline owners and requesters learn on login what happened meanwhile.
  async #catchUp(conn: Connection, participant: Participant): Promise<void> {
    const since = participant.lastLoginAt ?? 0;
    const [pending, mine] = await Promise.all([
      this.backend.listPendingRequests(participant.name),
      this.backend.listRequestsBy(participant.name),
    ]).catch((cause) => {
      this.#log.error("backend_error", { what: "catch_up", cause });
      return [{ items: [] }, { items: [] }];
    });
    for (const request of pending.items) {
      conn.deliver({ type: "join_request", request });
    }
    for (const request of mine.items) {
      if (request.decidedAt !== null && request.decidedAt > since) {
        conn.deliver({ type: "access_changed", request });
      }
    }
  }
}
