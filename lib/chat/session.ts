/**
 * The session: the registry of live connections (by connection id, by
 * participant, by room), delivery of bus events to them, presence, and the
 * one place where storage failures become user-facing errors.
 *
 * @module
 */
import type { Backend } from "./backend.ts";
import {
  type Bus,
  MemoryBus,
  PRESENCE_TOPIC,
  roomTopic,
  userTopic,
} from "./bus.ts";
import { Connection, type ConnectionSink, type Hub } from "./connection.ts";
import { ChatError } from "./errors.ts";
import {
  type ChatEvent,
  type CloseReason,
  FLOOD_NOTICE,
  SHUTDOWN_NOTICE,
} from "./events.ts";
import { Gatekeeper } from "./gatekeeper.ts";
import { type Limits, resolveLimits } from "./limits.ts";
import { type ChatMetrics, noMetrics } from "./metrics_port.ts";
import { sha256Hex } from "./password.ts";
import type { PresenceStore } from "./presence.ts";
import type { Participant } from "./types.ts";
import { validateEmail, validateName, validatePassword } from "./validation.ts";
import { type Logger, silentLogger } from "../log.ts";

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
}

/** Options of `Session.authenticate` and `Session.register`. */
export interface ClientInfo {
  /** The peer's IP address, for per-address throttling. */
  address?: string;
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
  #gate: Gatekeeper;
  #bus: Bus;
  #presence?: PresenceStore;
  #log: Logger;
  #inflight = new Set<Promise<unknown>>();
  #nextId = 0;
  #connections = new Map<string, Connection>();
  #byParticipant = new Map<string, Set<Connection>>();
  #byRoom = new Map<string, Set<Connection>>();
  #unsubscribe = new Map<string, () => void>();

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
    this.#unsubscribe.set(
      PRESENCE_TOPIC,
      this.#bus.subscribe(PRESENCE_TOPIC, (e) => this.#toEveryone(e)),
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
    this.#connections.set(id, conn);
    this.metrics.count("connections", info.transport);
    this.#log.info("connect", { id, ...info });
    return conn;
  }

  /** Live connections of this instance, by transport (for metrics). */
  connectionsByTransport(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.#connections.values()) {
      out[c.transport] = (out[c.transport] ?? 0) + 1;
    }
    return out;
  }

  /** The live connection with this id, if any. */
  connection(id: string): Connection | undefined {
    return this.#connections.get(id);
  }

  /** How many connections are live. */
  get size(): number {
    return this.#connections.size;
  }

  /** Whether any live connection of THIS instance belongs to `name`. */
  isOnline(name: string): boolean {
    return this.#byParticipant.has(name.toLowerCase());
  }

  /** The subset of `names` online on any instance, as lowercase keys. */
  async onlineAmong(names: string[]): Promise<Set<string>> {
    const local = names.map((n) => n.toLowerCase()).filter((k) =>
      this.#byParticipant.has(k)
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
  async drain(): Promise<void> {
    while (this.#inflight.size > 0) {
      await Promise.allSettled([...this.#inflight]);
    }
  }

  /** Creates an account from a plain password (digested before storage). */
  async register(
    name: string,
    password: string,
    email: string,
    options: ClientInfo = {},
  ): Promise<Participant> {
    const cleanName = validateName(name);
    const cleanEmail = validateEmail(email);
    try {
      this.#gate.checkRegistration(options.address);
    } catch (error) {
      this.metrics.count("throttled", "register");
      this.#log.info("register_throttled", { address: options.address });
      throw error;
    }
    const digest = await sha256Hex(validatePassword(password));
    const result = await this.guard(
      "Registration failed",
      () => this.backend.registerParticipant(cleanName, digest, cleanEmail),
    );
    if (!result.ok) {
      throw new ChatError("taken", `The name ${cleanName} is already taken`);
    }
    this.#gate.registered(options.address);
    this.#log.info("register", { name: cleanName, address: options.address });
    return result.value;
  }

  /** Checks credentials; the same error for an unknown name or a wrong password. */
  async authenticate(
    name: string,
    password: string,
    options: ClientInfo = {},
  ): Promise<Participant> {
    const { address } = options;
    try {
      this.#gate.checkLogin(name, address);
    } catch (error) {
      this.metrics.count("throttled", "login");
      this.#log.info("login_throttled", { name, address });
      throw error;
    }
    const digest = await sha256Hex(password);
    const result = await this.guard(
      "Login failed",
      () => this.backend.authenticateParticipant(name, digest),
    );
    if (!result.ok) {
      this.#gate.loginFailed(name, address);
      this.metrics.count("auth_failures");
      this.#log.info("auth_failed", { name, address });
      throw new ChatError("invalid_credentials", "Wrong name or password");
    }
    return result.value;
  }

  /** Runs storage work; a failure becomes "<what>: storage unavailable". */
  async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      running = Promise.reject(error);
    }
    this.#inflight.add(running);
    try {
      return await running;
    } catch (cause) {
      // Backends may already say "unavailable"; the user still hears which action failed.
      if (cause instanceof ChatError && cause.code !== "unavailable") {
        throw cause;
      }
      this.metrics.count("backend_errors", what);
      this.#log.error("backend_error", { what, cause });
      throw new ChatError("unavailable", `${what}: storage unavailable`, {
        cause,
      });
    } finally {
      this.#inflight.delete(running);
      this.metrics.backendLatency(what, (performance.now() - started) / 1000);
    }
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
    let mine = this.#byParticipant.get(key);
    const first = !mine;
    if (!mine) {
      this.#byParticipant.set(key, mine = new Set());
      this.#follow(userTopic(key), (e) => this.#toParticipant(key, e));
    }
    mine.add(conn);
    this.move(conn, null);
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
    if (conn.state === "connected") this.#leaveRoom(conn);
    const topic = roomTopic(to);
    let members = this.#byRoom.get(topic);
    if (!members) {
      this.#byRoom.set(topic, members = new Set());
      this.#follow(topic, (e) => this.#toRoom(topic, e));
    }
    members.add(conn);
  }

  /** Removes a closing connection from every index. */
  detach(conn: Connection, reason: CloseReason): void {
    if (!this.#connections.delete(conn.id)) return;
    this.#gate.release(conn.address);
    this.metrics.count("disconnects", reason);
    if (reason === "slow_consumer") {
      this.metrics.count("queue_drops", conn.transport);
    }
    this.#log.info("disconnect", { id: conn.id, name: conn.name, reason });
    if (conn.name === null) return;
    this.#leaveRoom(conn);
    const key = conn.name.toLowerCase();
    const mine = this.#byParticipant.get(key);
    mine?.delete(conn);
    if (mine?.size === 0) {
      this.#byParticipant.delete(key);
      this.#unfollow(userTopic(key));
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
    if (this.#byParticipant.has(key)) return;
    await this.publish(PRESENCE_TOPIC, {
      type: "presence",
      name,
      online: false,
    });
  }

  /** Closes every connection with `reason`, then stops following the bus. */
  close(reason: CloseReason = "shutdown"): void {
    for (const conn of [...this.#connections.values()]) {
      if (reason === "shutdown") {
        conn.deliver({ type: "system", text: SHUTDOWN_NOTICE });
      }
      conn.close(reason);
    }
    for (const stop of this.#unsubscribe.values()) stop();
    this.#unsubscribe.clear();
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

  #leaveRoom(conn: Connection): void {
    const topic = roomTopic(conn.room);
    const members = this.#byRoom.get(topic);
    members?.delete(conn);
    if (members?.size === 0) {
      this.#byRoom.delete(topic);
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

  #toRoom(topic: string, event: ChatEvent): void {
    const members = this.#byRoom.get(topic);
    if (!members) return;
    for (const conn of members) conn.deliver(event);
    this.#counted(event, members.size);
  }

  #toParticipant(key: string, event: ChatEvent): void {
    const mine = this.#byParticipant.get(key);
    if (!mine) return;
    for (const conn of mine) conn.deliver(event);
    this.#counted(event, mine.size);
  }

  #toEveryone(event: ChatEvent): void {
    let n = 0;
    for (const conns of this.#byParticipant.values()) {
      for (const conn of conns) conn.deliver(event);
      n += conns.size;
    }
    this.#counted(event, n);
  }

  #counted(event: ChatEvent, n: number): void {
    this.metrics.count("deliveries", event.type, n);
    if (event.type === "message") {
      this.metrics.count("messages_out", undefined, n);
    }
  }
}
