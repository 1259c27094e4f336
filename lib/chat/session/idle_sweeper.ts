/**
 * Idle disconnects for every connection of a session with ONE timer: each
 * connection only records when it was last active, and a sweep closes those
 * past the limit. A timer per connection would cost a handle and a closure
 * each; with tens of thousands of idle clients that is real memory.
 *
 * @module
 */

/** What the sweeper needs of a connection. */
export interface Sweepable {
  /** `performance.now()` of the last activity. */
  readonly lastActivity: number;
  /** Tells the client and closes the connection. */
  expire(): void;
}

/** Closes connections idle for longer than the timeout. */
export class IdleSweeper {
  #timeoutMs: number;
  #tickMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #all: () => Iterable<Sweepable>;

  /** Sweeps `all()` while started; a timeout of 0 or less disables it. */
  constructor(timeoutMs: number, all: () => Iterable<Sweepable>) {
    this.#timeoutMs = timeoutMs;
    this.#all = all;
    // Lateness is at most a tick: an eighth of the timeout, at most 1 s.
    this.#tickMs = Math.min(1000, Math.max(20, Math.floor(timeoutMs / 8)));
  }

  /** Starts sweeping, if enabled and not yet running. */
  start(): void {
    if (this.#timeoutMs > 0 && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#sweep(), this.#tickMs);
    }
  }

  /** Stops sweeping (when no connection is left, or at shutdown). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #sweep(): void {
    const deadline = performance.now() - this.#timeoutMs;
    for (const conn of this.#all()) {
      if (conn.lastActivity <= deadline) conn.expire();
    }
  }
}
