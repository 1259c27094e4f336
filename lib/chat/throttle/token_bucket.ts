/**
 * A token bucket: `burst` tokens at most, refilled at `rate` per second.
 * Time is passed in, so tests and callers control the clock.
 *
 * @module
 */

/** A refilling budget of actions. */
export class TokenBucket {
  #rate: number;
  #burst: number;
  #tokens: number;
  #at: number;

  /** A full bucket at time `now` (milliseconds). */
  constructor(rate: number, burst: number, now: number) {
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
    this.#at = now;
  }

  /** Takes `n` tokens if there are enough; returns whether it did. */
  take(now: number, n = 1): boolean {
    this.#refill(now);
    if (this.#tokens < n) return false;
    this.#tokens -= n;
    return true;
  }

  /** Adds `n` tokens' worth of debt up to the capacity; returns whether it overflowed. */
  fill(now: number, n = 1): boolean {
    // Used in reverse as a leaky bucket: tokens are "room left".
    this.#refill(now);
    this.#tokens -= n;
    return this.#tokens < 0;
  }

  /** Whether the bucket is full again, i.e. the same as a fresh one. */
  isFull(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.#burst;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#at) / 1000;
    this.#at = now;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#rate);
  }
}
