/**
 * What a session is made with (`SessionOptions`), what it is told of each
 * new connection (`ConnectInfo`), and what its readiness check reports.
 *
 * @module
 */
import type { Bus } from "../ports/bus.ts";
import type { Clock } from "../ports/clock.ts";
import type { ChatMetrics } from "../ports/metrics.ts";
import type { Logger } from "../ports/logger.ts";
import type { PresenceStore } from "../ports/presence.ts";
import type { Limits } from "../rules/limits.ts";

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
  /** The clock of rate limits, slow mode and idle disconnects; default real time. */
  clock?: Clock;
  /**
   * PBKDF2 iterations for new password hashes and for the dummy check of
   * unknown names; default `DEFAULT_PBKDF2_ITERATIONS`. Lower only in tests.
   */
  pbkdf2Iterations?: number;
  /**
   * How long a membership is trusted before it is read again, in ms: a
   * send re-checks its sender, a channel's delivery the readers here
   * (`AccessAudit`); default 30 000 (the presence TTL's default: the bound
   * on a lost event across instances).
   */
  membershipTtlMs?: number;
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
  /**
   * The transport already counted this connection with `Session.admit` (a
   * WebSocket on a counted HTTP connection), so `connect` counts it no more.
   */
  admitted?: boolean;
  /** Whether the client shows presence changes. Default true. */
  presence?: boolean;
  /**
   * Whether the client shows every event as it comes (telnet), so a direct
   * message delivered live counts as read. Default false.
   */
  readsLive?: boolean;
}
