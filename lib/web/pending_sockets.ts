/**
 * Counts WebSockets that have not signed in yet, per address. Until it
 * signs in a socket is anyone's, and each one can make the runtime buffer
 * a whole frame (up to 64 MiB) before Parley sees it, so an address may
 * hold only a few at a time. Trusted addresses (a proxy) are not counted.
 *
 * @module
 */
import { ChatError } from "../chat/mod.ts";

/** Sockets one address may hold before they sign in. */
export const MAX_PENDING_SOCKETS_PER_ADDRESS = 4;

/** Unauthenticated sockets per address. */
export class PendingSockets {
  #counts = new Map<string, number>();
  #trusted: Set<string>;
  #max: number;

  /** Counts every address but `trusted`, up to `max` each. */
  constructor(trusted: string[], max = MAX_PENDING_SOCKETS_PER_ADDRESS) {
    this.#trusted = new Set(trusted);
    this.#max = max;
  }

  /** Counts one socket from `address`; throws `limit`. Returns the release (idempotent). */
  hold(address?: string): () => void {
    if (address === undefined || this.#trusted.has(address)) return () => {};
    const held = this.#counts.get(address) ?? 0;
    if (held >= this.#max) {
      throw new ChatError(
        "limit",
        `Too many connections that have not signed in from your address (at most ${this.#max})`,
      );
    }
    this.#counts.set(address, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#counts.get(address) ?? 1) - 1;
      if (left > 0) this.#counts.set(address, left);
      else this.#counts.delete(address);
    };
  }
}
