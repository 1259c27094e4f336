/**
 * The time the core runs on: rate limits, slow mode and idle disconnects
 * read it, and the idle sweep ticks on it. Production uses the monotonic
 * system clock; tests pass a manual one and move time themselves.
 *
 * @module
 */

/** A time source and a repeating timer. */
export interface Clock {
  /** Milliseconds from an arbitrary origin; only differences count. */
  now(): number;
  /** Calls `tick` every `ms` milliseconds until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

/** Real time: `performance.now()` (never jumps with the wall clock) and `setInterval`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  every(ms, tick) {
    const id = setInterval(tick, ms);
    return () => clearInterval(id);
  },
};
