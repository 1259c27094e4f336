/**
 * Prometheus metrics: a small registry of counters, gauges and histograms
 * rendered as text for `/metrics`, and the Parley families that implement
 * the chat core's `ChatMetrics` port.
 *
 * @module
 */
export { createChatMetrics, type ParleyMetrics } from "./chat.ts";
export {
  type Counter,
  type Histogram,
  LATENCY_BUCKETS,
  MetricsRegistry,
} from "./prometheus.ts";
