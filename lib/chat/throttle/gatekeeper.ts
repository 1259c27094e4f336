/**
 * The session's admission checks: connections per address and in total,
 * login and registration throttling, and flood control. All state is per
 * instance and in memory, bounded by `KeyedStore`.
 *
 * @module
 */
import { AttemptLimiter } from "./attempts.ts";
import { ChatError } from "../model/errors.ts";
import { FloodControl, type FloodVerdict } from "./flood.ts";
import { LoginThrottle, type LoginTicket, minutes } from "./login_throttle.ts";
import type { Limits } from "../rules/limits.ts";

const HOUR_MS = 3_600_000;

/** Enforces the limits that are not about a single value's shape. */
export class Gatekeeper {
  /** Message flood control, per participant. */
  readonly flood: FloodControl;
  #limits: Limits;
  #now: () => number;
  #total = 0;
  #perAddress = new Map<string, number>();
  #logins: LoginThrottle;
  #registrations: AttemptLimiter;
  #trusted: Set<string>;

  /** Creates the checks for `limits`; `now` is the clock in milliseconds. */
  constructor(limits: Limits, options: { now?: () => number } = {}) {
    this.#limits = limits;
    this.#now = options.now ?? Date.now;
    this.flood = new FloodControl(limits);
    this.#trusted = new Set(limits.trustedAddresses);
    this.#logins = new LoginThrottle(limits);
    this.#registrations = new AttemptLimiter({
      max: limits.registrationsPerHour,
      windowMs: HOUR_MS,
    });
  }

  /** Counts a new connection, or throws when a connection limit is reached. */
  admit(peer?: string): void {
    const address = this.limited(peer);
    const { maxConnections, maxConnectionsPerAddress } = this.#limits;
    if (maxConnections > 0 && this.#total >= maxConnections) {
      throw new ChatError("limit", "Server is full; try again later");
    }
    const mine = address === undefined ? 0 : this.#perAddress.get(address) ?? 0;
    if (
      address !== undefined && maxConnectionsPerAddress > 0 &&
      mine >= maxConnectionsPerAddress
    ) {
      throw new ChatError(
        "limit",
        `Too many connections from your address (at most ${maxConnectionsPerAddress})`,
      );
    }
    this.#total++;
    if (address !== undefined) this.#perAddress.set(address, mine + 1);
  }

  /** Uncounts a connection that `admit` counted. */
  release(peer?: string): void {
    const address = this.limited(peer);
    this.#total--;
    if (address === undefined) return;
    const left = (this.#perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.#perAddress.set(address, left);
    else this.#perAddress.delete(address);
  }

  /**
   * Reserves a login attempt before the password is checked, counted as a
   * failure until `succeeded()`; throws `throttled` (see `LoginThrottle`).
   */
  reserveLogin(name: string, peer?: string): LoginTicket {
    return this.#logins.reserve(name, this.limited(peer), this.#now());
  }

  /**
   * Reserves one registration from `peer` before the account is created;
   * throws `throttled` past the hourly limit. Returns the undo for when
   * nothing was created.
   */
  reserveRegistration(peer?: string): () => void {
    const address = this.limited(peer);
    if (address === undefined) return () => {};
    const now = this.#now();
    const wait = this.#registrations.blockedFor(address, now);
    if (wait > 0) {
      throw new ChatError(
        "throttled",
        `Too many new accounts from your address; try again in ${
          minutes(wait)
        }`,
        { retryAfterSeconds: wait / 1000 },
      );
    }
    const window = this.#registrations.record(address, now);
    return () => this.#registrations.unrecord(address, window);
  }

  /** `peer` for per-address limits; undefined when trusted or unknown. */
  limited(peer?: string): string | undefined {
    return peer === undefined || this.#trusted.has(peer) ? undefined : peer;
  }

  /** Spends one message of the participant's budget. */
  message(name: string): FloodVerdict {
    return this.flood.check(name.toLowerCase(), this.#now());
  }
}
