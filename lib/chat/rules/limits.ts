/**
 * Every limit the chat core enforces, with its default. `docs/security.md`
 * lists each one, what happens when it is hit, and the threat it answers.
 *
 * @module
 */
import type { NameRule } from "./validation.ts";

/** Limits the session and its connections enforce. */
export interface Limits {
  /** Largest message in UTF-8 bytes; longer ones are refused, never cut. */
  maxMessageBytes: number;
  /** Messages a participant may send at once before the rate applies. */
  msgBurst: number;
  /** Messages per second a participant may keep sending; 0 turns flood control off. */
  msgRate: number;
  /** Seconds of sending at 10× the rate after which the connection is dropped. */
  floodKickSeconds: number;
  /** Failed logins per name within `loginWindowSeconds` before a cool-down. */
  loginFailuresPerName: number;
  /** Failed logins per address within `loginWindowSeconds` before a cool-down. */
  loginFailuresPerAddress: number;
  /** The window (and cool-down) of the login limits, in seconds. */
  loginWindowSeconds: number;
  /** New accounts per address per hour. */
  registrationsPerHour: number;
  /** Live connections from one address; 0 means no limit. */
  maxConnectionsPerAddress: number;
  /** Live connections in this instance; 0 means no limit. */
  maxConnections: number;
  /** Pending join requests one channel may hold. */
  maxPendingPerChannel: number;
  /** Channels one participant may own; 0 means no limit. */
  maxChannelsPerOwner: number;
  /** Shortest name a new participant or channel may take. */
  minNameLength: number;
  /** Longest name a new participant or channel may take (at most 64). */
  maxNameLength: number;
  /** Addresses exempt from per-address limits: a proxy on this host, load tests. */
  trustedAddresses: string[];
}

/** The defaults; each is also a flag of `lib/config.ts`. */
export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 4096,
  msgBurst: 5,
  msgRate: 2,
  floodKickSeconds: 30,
  loginFailuresPerName: 5,
  loginFailuresPerAddress: 20,
  loginWindowSeconds: 900,
  registrationsPerHour: 10,
  maxConnectionsPerAddress: 50,
  // The process's open-file limit is the natural bound; set one below it.
  maxConnections: 0,
  maxPendingPerChannel: 100,
  maxChannelsPerOwner: 20,
  minNameLength: 3,
  maxNameLength: 32,
  trustedAddresses: ["127.0.0.1", "::1"],
};

/** The rule for new names under `limits`. */
export function nameRule(limits: Limits): NameRule {
  return { minLength: limits.minNameLength, maxLength: limits.maxNameLength };
}

/** Fills the limits not given from `DEFAULT_LIMITS`. */
export function resolveLimits(limits: Partial<Limits> = {}): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
