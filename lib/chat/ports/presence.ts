/**
 * The presence port: which participants hold a connection on ANY instance.
 * Each session reports its own participants; a shared store (Redis, KV)
 * lets every instance answer for all of them. Entries expire unless
 * refreshed, so an instance that dies without cleaning up drops out within
 * the store's TTL.
 *
 * @module
 */

/** Cross-instance online state. */
export interface PresenceStore {
  /** Records that this instance now holds (or no longer holds) `name`. */
  set(name: string, online: boolean): Promise<void>;
  /** The subset of `names` online on any instance (lowercase keys). */
  online(names: string[]): Promise<Set<string>>;
  /** Stops refreshing and releases connections. */
  close(): Promise<void>;
}

/** How long a presence entry lives without a refresh, in milliseconds. */
export const PRESENCE_TTL_MS = 30_000;
/** How often an instance refreshes its entries, in milliseconds. */
export const PRESENCE_REFRESH_MS = 10_000;

/**
 * Keeps the set of names this instance holds and re-asserts them on a
 * timer; a store supplies how to write and drop one batch.
 */
export class PresenceHeartbeat {
  #held = new Set<string>();
  #timer: ReturnType<typeof setInterval>;
  #refresh: (names: string[]) => Promise<void>;

  /** Calls `refresh` with every held name each `everyMs`. */
  constructor(
    refresh: (names: string[]) => Promise<void>,
    everyMs = PRESENCE_REFRESH_MS,
  ) {
    this.#refresh = refresh;
    this.#timer = setInterval(() => this.#beat(), everyMs);
  }

  /** Adds or removes a held name. */
  hold(name: string, online: boolean): void {
    if (online) this.#held.add(name);
    else this.#held.delete(name);
  }

  /** Stops the timer. */
  stop(): void {
    clearInterval(this.#timer);
  }

  #beat(): void {
    if (this.#held.size === 0) return;
    // A failed refresh is retried on the next beat; entries outlive one miss.
    this.#refresh([...this.#held]).catch(() => {});
  }
}
