/**
 * A bounded, fair work queue: at most `concurrency` jobs run at once; the
 * rest wait in one lane per requester (an address), and a freed slot goes
 * to the next lane round-robin, so one requester's burst delays another's
 * job by at most one job per busy lane. Past `maxWaiting` jobs in all, or
 * `maxWaitingPerLane` in one named lane, new jobs are refused at once with
 * `busy` instead of waiting without end. Used for password derivations.
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";

/** Options for `FairQueue`. */
export interface FairQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs waiting in all lanes before new ones are refused. */
  maxWaiting: number;
  /** Jobs waiting in one named lane before its new ones are refused. */
  maxWaitingPerLane: number;
}

interface Job {
  start(): void;
}

/** What `FairQueue.run` is told about a job. */
export interface FairJobOptions {
  /**
   * The requester's lane, e.g. its address; jobs without one share the
   * unnamed lane, to which only the total bound applies (a trusted proxy,
   * internal work).
   */
  lane?: string;
}

/** Runs jobs a few at a time, fairly between lanes, with a bounded wait. */
export class FairQueue {
  #options: FairQueueOptions;
  #active = 0;
  #waiting = 0;
  // Insertion order is the round-robin order; a served lane goes last.
  #lanes = new Map<string, Job[]>();
  #averageMs = 0;

  /** Creates an empty queue. */
  constructor(options: FairQueueOptions) {
    this.#options = options;
  }

  /** Jobs running and waiting right now. */
  get load(): { active: number; waiting: number } {
    return { active: this.#active, waiting: this.#waiting };
  }

  /** Runs `work` when a slot is free; throws `busy` when the queue is full. */
  async run<T>(
    work: () => Promise<T>,
    options: FairJobOptions = {},
  ): Promise<T> {
    const lane = options.lane ?? "";
    if (this.#active >= this.#options.concurrency) {
      const queued = this.#lanes.get(lane);
      const full = this.#waiting >= this.#options.maxWaiting ||
        (lane !== "" &&
          (queued?.length ?? 0) >= this.#options.maxWaitingPerLane);
      if (full) {
        throw new ChatError("busy", "Server is busy; try again shortly", {
          retryAfterSeconds: this.#retryAfterSeconds(),
        });
      }
      await new Promise<void>((start) => {
        if (queued) queued.push({ start });
        else this.#lanes.set(lane, [{ start }]);
        this.#waiting++;
      });
    } else {
      this.#active++;
    }
    const began = performance.now();
    try {
      return await work();
    } finally {
      const ms = performance.now() - began;
      this.#averageMs = this.#averageMs === 0
        ? ms
        : 0.8 * this.#averageMs + 0.2 * ms;
      this.#next();
    }
  }

  // Hands the slot to the first job of the next lane, or frees it.
  #next(): void {
    const first = this.#lanes.entries().next();
    if (first.done) {
      this.#active--;
      return;
    }
    const [lane, jobs] = first.value;
    const job = jobs.shift()!;
    this.#lanes.delete(lane);
    if (jobs.length > 0) this.#lanes.set(lane, jobs);
    this.#waiting--;
    job.start();
  }

  // How long the jobs now waiting will take to drain, at the recent pace.
  #retryAfterSeconds(): number {
    const perJob = this.#averageMs || 100;
    return (this.#waiting + 1) * perJob / this.#options.concurrency / 1000;
  }
}
