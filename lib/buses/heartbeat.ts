/**
 * Keeps a shared presence store's entries alive: the names this instance
 * holds are re-asserted on a timer, so an instance that dies without
 * cleaning up drops out within the store's TTL.
 *
 * @module
 */

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
