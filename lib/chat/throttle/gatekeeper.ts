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
  #loginByName: AttemptLimiter;
  #loginByAddress: AttemptLimiter;
  #registrations: AttemptLimiter;
  #trusted: Set<string>;

  /** Creates the checks for `limits`; `now` is the clock in milliseconds. */
  constructor(limits: Limits, options: { now?: () => number } = {}) {
    this.#limits = limits;
    this.#now = options.now ?? Date.now;
    this.flood = new FloodControl(limits);
    this.#trusted = new Set(limits.trustedAddresses);
    const windowMs = limits.loginWindowSeconds * 1000;
    this.#loginByName = new AttemptLimiter({
      max: limits.loginFailuresPerName,
      windowMs,
    });
    this.#loginByAddress = new AttemptLimiter({
      max: limits.loginFailuresPerAddress,
      windowMs,
    });
    this.#registrations = new AttemptLimiter({
      max: limits.registrationsPerHour,
      windowMs: HOUR_MS,
    });
  }

  /** Counts a new connection, or throws when a connection limit is reached. */
  admit(peer?: string): void {
    const address = this.#limited(peer);
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
    const address = this.#limited(peer);
    this.#total--;
    if (address === undefined) return;
    const left = (this.#perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.#perAddress.set(address, left);
    else this.#perAddress.delete(address);
  }

  /** Throws while `name` or `address` is cooling down after failed logins. */
  checkLogin(name: string, peer?: string): void {
    const address = this.#limited(peer);
    const now = this.#now();
    const wait = Math.max(
      this.#loginByName.blockedFor(name.toLowerCase(), now),
      address === undefined ? 0 : this.#loginByAddress.blockedFor(address, now),
    );
    if (wait > 0) {
      throw new ChatError(
        "throttled",
        `Too many failed logins; try again in ${minutes(wait)}`,
      );
    }
  }

  /** Records a failed login for the name and the address. */
  loginFailed(name: string, peer?: string): void {
    const address = this.#limited(peer);
    const now = this.#now();
    this.#loginByName.record(name.toLowerCase(), now);
    if (address !== undefined) this.#loginByAddress.record(address, now);
  }

  /** Throws when `address` registered too many accounts this hour. */
  checkRegistration(peer?: string): void {
    const address = this.#limited(peer);
    if (address === undefined) return;
    const wait = this.#registrations.blockedFor(address, this.#now());
    if (wait > 0) {
      throw new ChatError(
        "throttled",
        `Too many new accounts from your address; try again in ${
          minutes(wait)
        }`,
      );
    }
  }

  /** Records one registration from `address`. */
  registered(peer?: string): void {
    const address = this.#limited(peer);
    if (address !== undefined) this.#registrations.record(address, this.#now());
  }

  // Per-address limits skip trusted peers, as if the address were unknown.
  #limited(peer?: string): string | undefined {
    return peer === undefined || this.#trusted.has(peer) ? undefined : peer;
  }

  /** Spends one message of the participant's budget. */
  message(name: string): FloodVerdict {
    return this.flood.check(name.toLowerCase(), this.#now());
  }
}

function minutes(ms: number): string {
  const n = Math.ceil(ms / 60_000);
  return n === 1 ? "1 minute" : `${n} minutes`;
}
