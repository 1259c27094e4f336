/**
 * A bounded map for per-key limiter state. Entries that are "idle" (back
 * to their fresh state) are swept, and past `maxKeys` the oldest go first,
 * so a stream of new names or addresses cannot grow memory without end.
 *
 * @module
 */

/** Options for `KeyedStore`. */
export interface KeyedStoreOptions<V> {
  /** Whether an entry is back to its fresh state and may be forgotten. */
  idle(value: V, now: number): boolean;
  /** Most entries kept; the oldest are evicted beyond it. Default 100 000. */
  maxKeys?: number;
}

/** Per-key state with expiry and a hard size bound. */
export class KeyedStore<V> {
  #map = new Map<string, V>();
  #idle: (value: V, now: number) => boolean;
  #max: number;
  #sweepAt: number;

  /** Creates an empty store. */
  constructor(options: KeyedStoreOptions<V>) {
    this.#idle = options.idle;
    this.#max = options.maxKeys ?? 100_000;
    this.#sweepAt = 1024;
  }

  /** How many keys are held. */
  get size(): number {
    return this.#map.size;
  }

  /** The entry for `key`, if any. */
  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  /** The entry for `key`, made by `create` when absent. */
  ensure(key: string, now: number, create: () => V): V {
    let value = this.#map.get(key);
    if (value === undefined) {
      if (this.#map.size >= this.#sweepAt) this.#sweep(now);
      this.#map.set(key, value = create());
    }
    return value;
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#map.delete(key);
  }

  // Amortised: a sweep runs only after the map doubled since the last one.
  #sweep(now: number): void {
    for (const [key, value] of this.#map) {
      if (this.#idle(value, now)) this.#map.delete(key);
    }
    for (const key of this.#map.keys()) {
      if (this.#map.size < this.#max) break;
      this.#map.delete(key);
    }
    this.#sweepAt = Math.max(1024, this.#map.size * 2);
  }
}
