/**
 * The login throttle (docs/security.md, "Login throttling"). An attempt is
 * reserved, counted as a failure, BEFORE the password is derived, so
 * attempts in flight count, and released on success. Three counts:
 *
 * - per (name, address): `loginFailuresPerName` failures lock that pair
 *   for the window; only the guesser's own address is refused;
 * - per address: `loginFailuresPerAddress` failures lock the address;
 * - per name, from any address: past `loginFailuresPerName` failures each
 *   further attempt waits 2^(n - limit) s after the last one (at most
 *   `MAX_NAME_DELAY_MS`). It slows, it never locks, and an address with
 *   no failures in the window is not slowed: the owner on their own
 *   connection always gets through.
 *
 * State is per instance and in memory, bounded like every limiter.
 *
 * @module
 */
import { AttemptLimiter } from "./attempts.ts";
import { ChatError } from "../model/errors.ts";
import { KeyedStore } from "./keyed_store.ts";
import type { Limits } from "../rules/limits.ts";

/** The longest wait the per-name slow-down imposes. */
export const MAX_NAME_DELAY_MS = 60_000;

/** A reserved login attempt: `succeeded()` takes it back. */
export interface LoginTicket {
  /** The password was right: the attempt is not a failure. */
  succeeded(): void;
}

interface NameState {
  count: number;
  lastAt: number;
  endsAt: number;
}

/** Per-instance login throttling for one session. */
export class LoginThrottle {
  #byPair: AttemptLimiter;
  #byAddress: AttemptLimiter;
  #names: KeyedStore<NameState>;
  #perName: number;
  #windowMs: number;

  /** Uses the login limits of `limits`. */
  constructor(limits: Limits) {
    this.#windowMs = limits.loginWindowSeconds * 1000;
    this.#perName = limits.loginFailuresPerName;
    this.#byPair = new AttemptLimiter({
      max: limits.loginFailuresPerName,
      windowMs: this.#windowMs,
    });
    this.#byAddress = new AttemptLimiter({
      max: limits.loginFailuresPerAddress,
      windowMs: this.#windowMs,
    });
    this.#names = new KeyedStore<NameState>({
      idle: (s, now) => s.endsAt <= now,
    });
  }

  /**
   * Reserves one attempt of `name` from `address` (undefined: a trusted
   * or unknown peer, never counted per address); throws `throttled`.
   */
  reserve(name: string, address: string | undefined, now: number): LoginTicket {
    const key = name.toLowerCase();
    const pair = `${key}\n${address}`;
    if (address !== undefined) {
      const wait = Math.max(
        this.#byPair.blockedFor(pair, now),
        this.#byAddress.blockedFor(address, now),
      );
      if (wait > 0) {
        throw refusal("from your address", wait, minutes(wait));
      }
    }
    const clean = address !== undefined &&
      this.#byAddress.count(address, now) === 0;
    const state = this.#name(key, now);
    if (!clean) {
      const wait = this.#nameDelay(state) - (now - state.lastAt);
      if (wait > 0) throw refusal("for this name", wait, seconds(wait));
    }
    const pairWindow = address === undefined
      ? undefined
      : this.#byPair.record(pair, now);
    const addressWindow = address === undefined
      ? undefined
      : this.#byAddress.record(address, now);
    state.count++;
    state.lastAt = now;
    let done = false;
    return {
      succeeded: () => {
        if (done) return;
        done = true;
        if (pairWindow) this.#byPair.unrecord(pair, pairWindow);
        if (addressWindow) this.#byAddress.unrecord(address!, addressWindow);
        if (state.count > 0) state.count--;
      },
    };
  }

  #name(key: string, now: number): NameState {
    const state = this.#names.ensure(key, now, () => ({
      count: 0,
      lastAt: 0,
      endsAt: now + this.#windowMs,
    }));
    if (state.endsAt <= now) {
      state.count = 0;
      state.endsAt = now + this.#windowMs;
    }
    return state;
  }

  #nameDelay(state: NameState): number {
    const over = state.count - this.#perName;
    if (over < 0) return 0;
    return Math.min(MAX_NAME_DELAY_MS, 1000 * 2 ** over);
  }
}

function refusal(whose: string, waitMs: number, when: string): ChatError {
  return new ChatError(
    "throttled",
    `Too many failed logins ${whose}; try again in ${when}`,
    { retryAfterSeconds: waitMs / 1000 },
  );
}

/** "N minutes", rounded up. */
export function minutes(ms: number): string {
  const n = Math.ceil(ms / 60_000);
  return n === 1 ? "1 minute" : `${n} minutes`;
}

function seconds(ms: number): string {
  const n = Math.ceil(ms / 1000);
  return n === 1 ? "1 second" : `${n} seconds`;
}
