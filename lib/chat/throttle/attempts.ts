/**
 * Counts failures per key in a fixed window: past `max` failures the key is
 * blocked until its window ends. Used for login and registration limits.
 *
 * @module
 */
import { KeyedStore } from "./keyed_store.ts";

/** One key's count in its current window. */
export interface Window {
  count: number;
  endsAt: number;
}

/** Options for `AttemptLimiter`. */
export interface AttemptLimiterOptions {
  /** Failures allowed per window. */
  max: number;
  /** Window length in milliseconds; also the cool-down. */
  windowMs: number;
  /** Most keys tracked. */
  maxKeys?: number;
}

/** Failures per key within a window. */
export class AttemptLimiter {
  #max: number;
  #windowMs: number;
  #store: KeyedStore<Window>;

  /** Creates a limiter. */
  constructor(options: AttemptLimiterOptions) {
    this.#max = options.max;
    this.#windowMs = options.windowMs;
    this.#store = new KeyedStore<Window>({
      idle: (w, now) => w.endsAt <= now,
      maxKeys: options.maxKeys,
    });
  }

  /** Keys currently tracked. */
  get size(): number {
    return this.#store.size;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string, now: number): number {
    const w = this.#store.get(key);
    if (!w || w.endsAt <= now || w.count < this.#max) return 0;
    return w.endsAt - now;
  }

  /** Failures (and uses) of `key` in its current window. */
  count(key: string, now: number): number {
    const w = this.#store.get(key);
    return !w || w.endsAt <= now ? 0 : w.count;
  }

  /** Records one failure (or one use) for `key`; returns its window. */
  record(key: string, now: number): Window {
    const w = this.#store.ensure(
      key,
      now,
      () => ({ count: 0, endsAt: now + this.#windowMs }),
    );
    if (w.endsAt <= now) {
      w.count = 0;
      w.endsAt = now + this.#windowMs;
    }
    w.count++;
    return w;
  }

  /** Takes back one `record` that returned `window`, if that window is current. */
  unrecord(key: string, window: Window): void {
    if (this.#store.get(key) === window && window.count > 0) window.count--;
  }

  /** Forgets `key`, e.g. after a successful login. */
  clear(key: string): void {
    this.#store.delete(key);
  }
}
