/**
 * The receiving side of a lost removal. Access to a channel is checked when
 * a connection enters or follows it, and revoked by an `access_lost` event
 * on the participant's topic; the bus delivers at most once, so that event
 * can be lost between instances. A removed member would then keep
 * receiving the channel for as long as it stays. To bound that, delivering
 * a channel message re-reads the membership of the participants here in
 * that channel (in it or following it) once the last audit of the channel
 * is older than the membership TTL: a lost removal ends within that TTL
 * plus one storage round trip, and the common path costs one clock read.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import { nameKey } from "../ports/backend.ts";
import type { Clock } from "../ports/clock.ts";
import type { Member } from "./hub.ts";

/** What `AccessAudit` needs from its session. */
export interface AccessAuditDeps {
  backend: Backend;
  clock: Clock;
  /** How long a confirmed membership is trusted, in ms. */
  ttlMs: number;
  /** Runs storage work; failures are logged there. */
  guard<T>(what: string, work: () => Promise<T>): Promise<T>;
  /** The local connections in `channel` or following it. */
  local(channel: string): Member[];
}

// Reads in flight per audit: a crowded channel must not flood storage.
const BATCH = 50;

/** Re-checks, at most once per TTL per channel, who here may still use it. */
export class AccessAudit {
  #deps: AccessAuditDeps;
  // Channel key → clock ms of its last audit (or of first sight).
  #audited = new Map<string, number>();
  #running = new Set<string>();

  /** Works with the session's storage, clock and registry. */
  constructor(deps: AccessAuditDeps) {
    this.#deps = deps;
  }

  /**
   * A message of channel `key` (lowercase) is being delivered here: audit
   * the channel if its last audit is older than the TTL. Connections were
   * checked as they entered, so first sight only starts the clock.
   */
  delivering(key: string): void {
    const now = this.#deps.clock.now();
    const last = this.#audited.get(key);
    if (last === undefined) {
      this.#audited.set(key, now);
      return;
    }
    if (now - last < this.#deps.ttlMs || this.#running.has(key)) return;
    this.#audited.set(key, now);
    this.#running.add(key);
    this.#audit(key).catch(() => {}).finally(() => this.#running.delete(key));
  }

  /** Nobody here is in or following channel `key` any more. */
  forget(key: string): void {
    this.#audited.delete(key);
  }

  async #audit(channel: string): Promise<void> {
    const { backend, guard } = this.#deps;
    const byName = new Map<string, string>();
    for (const member of this.#deps.local(channel)) {
      if (member.name !== null) byName.set(nameKey(member.name), member.name);
    }
    const names = [...byName.values()];
    const lost = new Set<string>();
    for (let i = 0; i < names.length; i += BATCH) {
      const batch = names.slice(i, i + BATCH);
      const allowed = await guard(
        "Membership check failed",
        () => Promise.all(batch.map((n) => backend.isMember(channel, n))),
      );
      batch.forEach((n, j) => allowed[j] || lost.add(nameKey(n)));
    }
    if (lost.size === 0) return;
    // Read again: connections may have come or gone during the reads.
    for (const member of this.#deps.local(channel)) {
      if (member.name !== null && lost.has(nameKey(member.name))) {
        member.lostAccess(channel);
      }
    }
  }
}
