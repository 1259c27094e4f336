/**
 * Sign-ins: the server side of browser sessions and API tokens. Starting
 * one stores it (a random id, the name, an expiry); a token carries the
 * id, and every use checks it is still stored, so a logout on any
 * instance ends it everywhere. Checks are cached per instance for at most
 * `SIGN_IN_CACHE_MS`: a sign-in revoked on another instance stops working
 * here within that bound; on this instance at once.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import type { SignIn } from "../model/types.ts";

/** How long a sign-in lasts: 7 days. */
export const SIGN_IN_TTL_MS = 7 * 24 * 3600 * 1000;
/** How long a positive check is trusted on one instance. */
export const SIGN_IN_CACHE_MS = 5_000;
const MAX_CACHED = 10_000;
const ID = /^[A-Za-z0-9_-]{22}$/;

/** Whether `id` has the shape of a sign-in id (checked before any lookup). */
export function isSignInId(id: unknown): id is string {
  return typeof id === "string" && ID.test(id);
}

/** What `SignIns` works with. */
export interface SignInDeps {
  backend: Backend;
  /** Runs storage work behind the session's guard. */
  guard<T>(what: string, work: () => Promise<T>): Promise<T>;
  /** The session's monotonic clock, for the cache; stored times are epoch ms. */
  now(): number;
}

/** Starts, checks and ends sign-ins; one per session. */
export class SignIns {
  #deps: SignInDeps;
  // id → when the positive answer was read, and the sign-in itself.
  #cache = new Map<string, { readAt: number; signIn: SignIn }>();
  #key?: Promise<string>;

  /** Uses the session's backend, guard and clock. */
  constructor(deps: SignInDeps) {
    this.#deps = deps;
  }

  /** Stores a new sign-in for `name`. */
  async start(name: string, ttlMs = SIGN_IN_TTL_MS): Promise<SignIn> {
    const now = Date.now();
    const signIn: SignIn = {
      id: randomId(),
      name,
      createdAt: now,
      expiresAt: now + ttlMs,
    };
    await this.#deps.guard(
      "Sign-in failed",
      () => this.#deps.backend.signIns.createSignIn(signIn),
    );
    this.#remember(signIn, this.#deps.now());
    return signIn;
  }

  /** The live sign-in `id` of `name` (any case), or null: revoked, expired, another's. */
  async check(id: string, name: string): Promise<SignIn | null> {
    if (!isSignInId(id)) return null;
    const now = this.#deps.now();
    const cached = this.#cache.get(id);
    let signIn = cached && now - cached.readAt < SIGN_IN_CACHE_MS
      ? cached.signIn
      : null;
    if (!signIn) {
      this.#cache.delete(id);
      signIn = await this.#deps.guard(
        "Sign-in failed",
        () => this.#deps.backend.signIns.getSignIn(id),
      );
      if (signIn) this.#remember(signIn, now);
    }
    if (!signIn || signIn.expiresAt <= Date.now()) return null;
    return signIn.name.toLowerCase() === name.toLowerCase() ? signIn : null;
  }

  /** Ends one sign-in (a logout). */
  async end(id: string): Promise<void> {
    if (!isSignInId(id)) return;
    this.#cache.delete(id);
    await this.#deps.guard(
      "Sign-out failed",
      () => this.#deps.backend.signIns.revokeSignIn(id),
    );
  }

  /** Ends every sign-in of `name` ("log out everywhere"); resolves how many. */
  async endAllOf(name: string): Promise<number> {
    const key = name.toLowerCase();
    for (const [id, entry] of this.#cache) {
      if (entry.signIn.name.toLowerCase() === key) this.#cache.delete(id);
    }
    return await this.#deps.guard(
      "Sign-out failed",
      () => this.#deps.backend.signIns.revokeSignInsOf(name),
    );
  }

  /** The token-signing key kept in storage, made on first use. */
  signingKey(): Promise<string> {
    this.#key ??= this.#deps.backend.signIns.signingKey(randomKey()).catch(
      (e) => {
        this.#key = undefined;
        throw e;
      },
    );
    return this.#key;
  }

  #remember(signIn: SignIn, now: number): void {
    if (this.#cache.size >= MAX_CACHED) {
      // Maps iterate in insertion order: the first entry is the oldest.
      this.#cache.delete(this.#cache.keys().next().value!);
    }
    this.#cache.set(signIn.id, { readAt: now, signIn });
  }
}

function randomId(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

function randomKey(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
