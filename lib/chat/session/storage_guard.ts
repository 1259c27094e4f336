/**
 * The one place where storage failures become user-facing errors, and the
 * record of storage calls under way (so shutdown can let them finish).
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";
import type { ChatMetrics } from "../ports/metrics.ts";
import type { Logger } from "../ports/logger.ts";

/** Runs storage work, timing it and translating its failures. */
export class StorageGuard {
  #log: Logger;
  #metrics: ChatMetrics;
  #inflight = new Set<Promise<unknown>>();

  /** Logs failures to `log` and times calls in `metrics`. */
  constructor(log: Logger, metrics: ChatMetrics) {
    this.#log = log;
    this.#metrics = metrics;
  }

  /** Runs `work`; a storage failure becomes "<what>: storage unavailable". */
  async run<T>(what: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      running = Promise.reject(error);
    }
    this.#inflight.add(running);
    try {
      return await running;
    } catch (cause) {
      // Backends may already say "unavailable"; the user still hears which action failed.
      if (cause instanceof ChatError && cause.code !== "unavailable") {
        throw cause;
      }
      this.#metrics.count("backend_errors", what);
      this.#log.error("backend_error", { what, cause });
      throw new ChatError("unavailable", `${what}: storage unavailable`, {
        cause,
      });
    } finally {
      this.#inflight.delete(running);
      this.#metrics.backendLatency(what, (performance.now() - started) / 1000);
    }
  }

  /** Waits until every call under way has settled. */
  async drain(): Promise<void> {
    while (this.#inflight.size > 0) {
      await Promise.allSettled([...this.#inflight]);
    }
  }
}
