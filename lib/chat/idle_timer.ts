/**
 * A per-connection idle timer. Activity only records a timestamp; the one
 * pending timeout re-arms itself for the remainder when it fires early, so a
 * busy connection costs no timer churn per line.
 *
 * @module
 */

/** Calls `onIdle` once after `timeoutMs` without `touch()`. */
export class IdleTimer {
  #timeoutMs: number;
  #onIdle: () => void;
  #last = performance.now();
  #handle: ReturnType<typeof setTimeout> | undefined;

  /** Starts counting at once; a timeout of 0 or less disables it. */
  constructor(timeoutMs: number, onIdle: () => void) {
    this.#timeoutMs = timeoutMs;
    this.#onIdle = onIdle;
    if (timeoutMs > 0) this.#arm(timeoutMs);
  }

  /** Records activity now. */
  touch(): void {
    this.#last = performance.now();
  }

  /** Cancels the timer for good. */
  stop(): void {
    clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#timeoutMs = 0;
  }

  #arm(ms: number): void {
    this.#handle = setTimeout(() => this.#check(), ms);
  }

  #check(): void {
    if (this.#timeoutMs <= 0) return;
    const left = this.#last + this.#timeoutMs - performance.now();
    if (left > 0) return this.#arm(left);
    this.#handle = undefined;
    this.#onIdle();
  }
}
