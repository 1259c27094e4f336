/**
 * The chat core's metrics as Prometheus families: implements the core's
 * `ChatMetrics` port over a `MetricsRegistry`, and adds gauges read from the
 * session at scrape time.
 *
 * @module
 */
import type { ChatCounter, ChatMetrics, Session } from "../chat/mod.ts";
import { type Counter, type Histogram, MetricsRegistry } from "./prometheus.ts";

/** Each core counter: its help text and the name of its one label. */
const COUNTERS: Record<ChatCounter, [string, string?]> = {
  connections: ["Accepted connections", "transport"],
  connections_refused: ["Connections refused by a limit", "transport"],
  disconnects: ["Closed connections", "reason"],
  messages_in: ["Messages stored", "transport"],
  messages_out: ["Chat messages handed to connections"],
  deliveries: ["Events handed to connections", "type"],
  queue_drops: ["Connections dropped for not reading", "transport"],
  throttled: ["Actions refused by a rate limit", "kind"],
  auth_failures: ["Failed logins"],
  backend_errors: ["Failed storage calls", "action"],
};

/** The registry and the port the session reports through. */
export interface ParleyMetrics {
  /** Renders `/metrics`. */
  registry: MetricsRegistry;
  /** Give this to `new Session(backend, {metrics})`. */
  metrics: ChatMetrics;
  /** Adds the gauges that read `session` (call once it exists). */
  watch(session: Session): void;
}

/** Creates the Parley metric families. */
export function createChatMetrics(): ParleyMetrics {
  const registry = new MetricsRegistry();
  const counters = {} as Record<ChatCounter, Counter>;
  for (const [name, [help, label]] of Object.entries(COUNTERS)) {
    counters[name as ChatCounter] = registry.counter(
      `parley_${name}_total`,
      help,
      label,
    );
  }
  const latency: Histogram = registry.histogram(
    "parley_backend_seconds",
    "Storage call latency",
    { label: "action" },
  );
  return {
    registry,
    metrics: {
      count: (counter, label, by) => counters[counter].inc(label, by),
      backendLatency: (action, seconds) => latency.observe(seconds, action),
    },
    watch(session) {
      registry.gauge(
        "parley_connections",
        "Live connections",
        () => ({ telnet: 0, ws: 0, ...session.connectionsByTransport() }),
        "transport",
      );
    },
  };
}
