/**
 * The storage port's part for sign-ins (browser sessions and API tokens)
 * and the key that signs their tokens, as `Backend.signIns`; every backend
 * implements it and passes the conformance suite's sign-in cases.
 *
 * A sign-in is stored when it starts and deleted when it ends, so every
 * instance sharing the storage sees a logout. The rules (ids, lifetimes,
 * the cache) are in `actions/sign_ins.ts`; backends only store.
 *
 * @module
 */
import type { SignIn } from "../model/types.ts";

/** Storage for sign-ins and the token-signing key. */
export interface SignInStore {
  /** Stores a new sign-in (its id is fresh and random). */
  createSignIn(signIn: SignIn): Promise<void>;
  /**
   * The stored sign-in with this id; null once revoked or unknown. An
   * expired one may still be returned (the core checks `expiresAt`); a
   * backend may forget it any time after `expiresAt`.
   */
  getSignIn(id: string): Promise<SignIn | null>;
  /** Deletes one sign-in; nothing happens when it is gone already. */
  revokeSignIn(id: string): Promise<void>;
  /** Deletes every sign-in of `name` (any case); resolves how many were stored. */
  revokeSignInsOf(name: string): Promise<number>;
  /**
   * The one key that signs session tokens: stores `candidate` in one
   * conditional write unless a key is stored already, and resolves the
   * stored key, so racing first starts agree on one.
   */
  signingKey(candidate: string): Promise<string>;
}
