/**
 * The counting port of the chat core: the session reports what happens
 * through it, and `lib/metrics_chat.ts` turns that into Prometheus metrics.
 * The core never knows how (or whether) the numbers are exposed.
 *
 * @module
 */

/** The counters the chat core reports. */
export type ChatCounter =
  /** Accepted connections, by transport. */
  | "connections"
  /** Connections refused by a limit, by reason. */
  | "connections_refused"
  /** Closed connections, by reason. */
  | "disconnects"
  /** Stored messages, by transport of the sender. */
  | "messages_in"
  /** Chat messages handed to connections. */
  | "messages_out"
  /** Events of any type handed to connections. */
  | "deliveries"
  /** Connections dropped for not reading, by transport. */
  | "queue_drops"
  /** Actions refused by a rate limit, by kind (message, login, register, busy). */
  | "throttled"
  /** Failed logins. */
  | "auth_failures"
  /** Failed storage calls, by action. */
  | "backend_errors";

/** Where the chat core reports counts and timings. */
export interface ChatMetrics {
  /** Adds `by` (default 1) to `counter`, split by one label value if given. */
  count(counter: ChatCounter, label?: string, by?: number): void;
  /** Records how long one storage call took, in seconds. */
  backendLatency(action: string, seconds: number): void;
}

/** Metrics that go nowhere, the default. */
export const noMetrics: ChatMetrics = {
  count() {},
  backendLatency() {},
};
