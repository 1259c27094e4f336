/**
 * Latency percentiles in constant memory: a log-bucket histogram with 1 %
 * resolution, so a step with millions of deliveries costs no sorting.
 *
 * @module
 */

// 100 buckets per factor e of microseconds: 1 % resolution up to ~10 min.
const PER_E = 100;
const BUCKETS = 2100;

/** Summary of one set of latencies, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Records latencies (ms) and answers percentiles. */
export class LatencyHistogram {
  #counts = new Float64Array(BUCKETS);
  #count = 0;
  #sum = 0;
  #max = 0;

  /** Adds one latency in milliseconds; negative clock skew counts as 0. */
  record(ms: number): void {
    const us = ms > 0 ? ms * 1000 : 0;
    const index = Math.min(BUCKETS - 1, Math.floor(Math.log1p(us) * PER_E));
    this.#counts[index]++;
    this.#count++;
    this.#sum += ms;
    if (ms > this.#max) this.#max = ms;
  }

  /** How many latencies were recorded. */
  get count(): number {
    return this.#count;
  }

  /** The latency at quantile `q` (0–1), in milliseconds; 0 when empty. */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.ceil(q * this.#count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i];
      // The bucket's upper edge: percentiles err on the slow side.
      if (seen >= rank) {
        return Math.min(this.#max, Math.expm1((i + 1) / PER_E) / 1000);
      }
    }
    return this.#max;
  }

  /** p50, p95, p99, max and mean. */
  summary(): LatencySummary {
    return {
      count: this.#count,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: this.#max,
      mean: this.#count ? this.#sum / this.#count : 0,
    };
  }
}

/** Exact percentile of a small list of samples (ms), for setup-sized sets. */
export function percentile(samples: number[], q: number): number {
  if (samples.length === 0) return 0;
  const sorted = samples.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
