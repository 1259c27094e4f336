/**
 * Flood control per participant: a token bucket throttles messages (the
 * message is refused, the connection stays), and a second, leaky bucket of
 * refusals spots persistent abuse, which disconnects.
 *
 * @module
 */
import { KeyedStore } from "./keyed_store.ts";
import { TokenBucket } from "./token_bucket.ts";

/** What `FloodControl.check` decided for one message. */
export type FloodVerdict = "ok" | "throttled" | "flooding";

/** Options for `FloodControl`. */
export interface FloodOptions {
  /** Messages per second; 0 turns flood control off. */
  msgRate: number;
  /** Messages allowed at once. */
  msgBurst: number;
  /** Seconds at 10× the rate before `flooding`. */
  floodKickSeconds: number;
}

interface State {
  messages: TokenBucket;
  refusals: TokenBucket;
}

/** Per-participant message budgets of one instance (kept in memory). */
export class FloodControl {
  #options: FloodOptions;
  #store: KeyedStore<State>;

  /** Creates flood control with these limits. */
  constructor(options: FloodOptions) {
    this.#options = options;
    // A full pair of buckets is the same as none: forget it.
    this.#store = new KeyedStore<State>({
      idle: (s, now) => s.messages.isFull(now) && s.refusals.isFull(now),
    });
  }

  /** Whether flood control is on. */
  get enabled(): boolean {
    return this.#options.msgRate > 0;
  }

  /** Participants tracked right now. */
  get size(): number {
    return this.#store.size;
  }

  /** The user-facing text when a message is refused. */
  get refusal(): string {
    const { msgRate, msgBurst } = this.#options;
    const unit = msgRate === 1 ? "message" : "messages";
    return `Slow down: at most ${msgRate} ${unit} a second (burst ${msgBurst})`;
  }

  /** Spends one message of `key`'s budget. */
  check(key: string, now: number): FloodVerdict {
    const { msgRate, msgBurst, floodKickSeconds } = this.#options;
    if (msgRate <= 0) return "ok";
    // Refusals leak at 4× the rate, so only sending faster than 5× the rate
    // fills them; at 10× the rate (9× refused) they overflow after
    // `floodKickSeconds`.
    const state = this.#store.ensure(key, now, () => ({
      messages: new TokenBucket(msgRate, msgBurst, now),
      refusals: new TokenBucket(
        4 * msgRate,
        5 * msgRate * floodKickSeconds,
        now,
      ),
    }));
    if (state.messages.take(now)) return "ok";
    return state.refusals.fill(now) ? "flooding" : "throttled";
  }
}
