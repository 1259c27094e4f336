/**
 * A manual clock for the session: time moves only when the test says so,
 * and timers due on the way fire in order, synchronously.
 *
 * @module
 */
import type { Clock } from "../../lib/chat/mod.ts";

interface Ticker {
  ms: number;
  next: number;
  tick: () => void;
}

/** A `Clock` that starts at 0 and moves with `advance`. */
export class ManualClock implements Clock {
  #now = 0;
  #tickers = new Set<Ticker>();

  now(): number {
    return this.#now;
  }

  every(ms: number, tick: () => void): () => void {
    const ticker = { ms, next: this.#now + ms, tick };
    this.#tickers.add(ticker);
    return () => this.#tickers.delete(ticker);
  }

  /** Moves time forward by `ms`, firing every tick that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let due: Ticker | undefined;
      for (const t of this.#tickers) {
        if (t.next <= end && (!due || t.next < due.next)) due = t;
      }
      if (!due) break;
      this.#now = due.next;
      due.next += due.ms;
      due.tick();
    }
    this.#now = end;
  }
}
