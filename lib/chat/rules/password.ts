/**
 * Password handling. Clients send a SHA-256 digest of the password (the
 * seed's `passwordSha256`); backends keep only a salted PBKDF2 hash of that
 * digest, so a leaked database does not hand out anything a client can send.
 *
 * @module
 */
import { FairQueue } from "../throttle/fair_queue.ts";

/** The iteration count OWASP recommends for PBKDF2-HMAC-SHA-256. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

/** Options for `hashPassword`. */
export interface HashOptions {
  /** PBKDF2 iterations; lower only through explicit configuration. */
  iterations?: number;
  /**
   * Who asks (an address), so a burst from one requester waits in its own
   * lane of the bounded derivation queue; absent: the shared lane.
   */
  requester?: string;
}

const encoder = new TextEncoder();

/** Hex SHA-256 of a UTF-8 password: what a client sends as `passwordSha256`. */
export async function sha256Hex(password: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    encoder.encode(password),
  );
  return toHex(new Uint8Array(digest));
}

/** A storable `pbkdf2-sha256$<iterations>$<salt>$<hash>` string for a digest. */
export async function hashPassword(
  passwordSha256: string,
  options: HashOptions = {},
): Promise<string> {
  const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(passwordSha256, salt, { ...options, iterations });
  return `pbkdf2-sha256$${iterations}$${toHex(salt)}$${toHex(hash)}`;
}

/**
 * Whether `passwordSha256` matches `stored`. With `stored === null` (no such
 * participant) it still derives a key, so timing does not reveal the name.
 */
export async function verifyPassword(
  passwordSha256: string,
  stored: string | null,
  options: HashOptions = {},
): Promise<boolean> {
  const parts = stored?.split("$");
  if (!parts || parts.length !== 4 || parts[0] !== "pbkdf2-sha256") {
    const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
    await derive(passwordSha256, new Uint8Array(16), {
      ...options,
      iterations,
    });
    return false;
  }
  const iterations = Number(parts[1]);
  const expected = fromHex(parts[3]);
  const actual = await derive(passwordSha256, fromHex(parts[2]), {
    ...options,
    iterations,
  });
  return timingSafeEqual(actual, expected);
}

/** Compares two byte arrays in time independent of where they differ. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  }
  return diff === 0;
}

/**
 * How many key derivations run at once. WebCrypto derives on worker threads,
 * so hashing never blocks the event loop, but a burst of logins could still
 * take every core; one core is always left to the chat.
 */
export const HASH_CONCURRENCY = Math.max(
  1,
  (globalThis.navigator?.hardwareConcurrency ?? 2) - 1,
);

/** Derivations that may wait in all, and per requester, before `busy`. */
export const HASH_QUEUE_BOUNDS = { maxWaiting: 64, maxWaitingPerLane: 4 };

// One queue per process: the cores are shared by every session in it.
const derivations = new FairQueue({
  concurrency: HASH_CONCURRENCY,
  ...HASH_QUEUE_BOUNDS,
});

/** Derivations running and queued right now (for metrics and tests). */
export function hashingLoad(): { active: number; waiting: number } {
  return derivations.load;
}

function derive(
  secret: string,
  salt: Uint8Array,
  options: HashOptions & { iterations: number },
): Promise<Uint8Array> {
  return derivations.run(
    () => deriveNow(secret, salt, options.iterations),
    { lane: options.requester },
  );
}

async function deriveNow(
  secret: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}
