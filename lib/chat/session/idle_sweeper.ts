/**
 * Idle disconnects for every connection of a session with ONE timer: each
 * connection only records when it was last active, and a sweep closes those
 * past the limit. A timer per connection would cost a handle and a closure
 * each; with tens of thousands of idle clients that is real memory.
 *
 * @module
 */
import { type Clock, systemClock } from "../ports/clock.ts";

/** What the sweeper needs of a connection. */
export interface Sweepable {
  /** The clock's reading at the last activity. */
  readonly lastActivity: number;
  /** Tells the client and closes the connection. */
  expire(): void;
}

/** Closes connections idle for longer than the timeout. */
export class IdleSweeper {
  #timeoutMs: number;
  #tickMs: number;
  #stopTicking: (() => void) | undefined;
  #all: () => Iterable<Sweepable>;
  #clock: Clock;

  /** Sweeps `all()` while started; a timeout of 0 or less disables it. */
  constructor(
    timeoutMs: number,
    all: () => Iterable<Sweepable>,
    options: { clock?: Clock } = {},
  ) {
    this.#timeoutMs = timeoutMs;
    this.#all = all;
    this.#clock = options.clock ?? systemClock;
    // Lateness is at most a tick: an eighth of the timeout, at most 1 s.
    this.#tickMs = Math.min(1000, Math.max(20, Math.floor(timeoutMs / 8)));
  }

  /** Starts sweeping, if enabled and not yet running. */
  start(): void {
    if (this.#timeoutMs > 0 && this.#stopTicking === undefined) {
      this.#stopTicking = this.#clock.every(this.#tickMs, () => this.#sweep());
    }
  }

  /** Stops sweeping (when no connection is left, or at shutdown). */
  stop(): void {
    this.#stopTicking?.();
    this.#stopTicking = undefined;
  }

  #sweep(): void {
    const deadline = this.#clock.now() - this.#timeoutMs;
    for (const conn of this.#all()) {
      if (conn.lastActivity <= deadline) conn.expire();
    }
  }
}
