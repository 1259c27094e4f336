/**
 * When queued output leaves: once per event-loop turn, but never sooner
 * after a large flush than that flush's size allows. Each socket written is
 * a system call and a loopback/network packet on the server and a read on
 * the client, so a room of thousands written every turn spends its CPU on
 * calls that carry one line each; spacing large flushes lets every write
 * carry more. The spacing grows with the square of the sockets written
 * (0.4 ms for 200, 10 ms for 1 000, 40 ms for 2 000, at most 50 ms), so the
 * bigger the fan-out, the fewer writes per second it may cost; a flush of a
 * few hundred sockets, or the first after a pause, still goes in the same
 * turn, so small rooms and quiet servers see no added latency. Whatever the
 * fan-out, a flush that took T ms is followed by at least T ms of other work
 * (reading, parsing, storing), so under a flood the writes grow fuller
 * rather than the loop filling with them.
 *
 * @module
 */

/** Longest spacing between two flushes, in milliseconds. */
export const MAX_SPACING_MS = 50;

/** How long to wait after a flush serving `written` sockets, in ms. */
export function spacingMs(written: number): number {
  return Math.min(MAX_SPACING_MS, (written * written) / 100_000);
}

/**
 * Schedules one shared flush; `flush` returns the fan-out it served: the
 * sockets it wrote, plus any still busy with an earlier write.
 */
export class FlushPacer {
  #flush: () => number;
  #scheduled = false;
  #notBefore = 0;

  /** Wraps the function that writes every dirty socket. */
  constructor(flush: () => number) {
    this.#flush = flush;
  }

  /** Asks for a flush; several asks before it runs share one. */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const wait = this.#notBefore - performance.now();
    // Timers round to whole milliseconds; under one, the turn's end is close.
    if (wait < 1) setImmediate(this.#run);
    else setTimeout(this.#run, wait);
  }

  #run = (): void => {
    this.#scheduled = false;
    const started = performance.now();
    const written = this.#flush();
    // However small the fan-out, writing it may fill at most half of the
    // loop's time: past that, the next flush waits as long as this one took.
    const took = performance.now() - started;
    this.#notBefore = started + Math.max(spacingMs(written), 2 * took);
  };
}
