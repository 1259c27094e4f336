/**
 * Sign-ins and the signing key in Deno KV. A sign-in is stored under its
 * id and indexed under its participant's name key, both with `expireIn`
 * (a minimum in KV: the core checks `expiresAt` itself). The key is one
 * entry, created once by a conditional commit.
 *
 * @module
 */
import { nameKey, type SignIn, type SignInStore } from "../chat/mod.ts";
import { commit } from "./kv_commit.ts";

const KEY: Deno.KvKey = ["signing_key"];
// A KV atomic operation takes at most 1 000 mutations: two per sign-in.
const REVOKE_BATCH = 400;

/** The sign-in entry. */
export function signInKey(id: string): Deno.KvKey {
  return ["sign_in", id];
}

/** The index entry of a sign-in under its participant. */
export function signInIndexKey(name: string, id: string): Deno.KvKey {
  return ["sign_ins_of", nameKey(name), id];
}

/** The `SignInStore` half of `KvBackend`. */
export class KvSignIns implements SignInStore {
  #kv: Deno.Kv;

  /** Stores into `kv`. */
  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  async createSignIn(signIn: SignIn): Promise<void> {
    const expireIn = Math.max(1, signIn.expiresAt - Date.now());
    await commit(
      this.#kv.atomic()
        .set(signInKey(signIn.id), signIn, { expireIn })
        .set(signInIndexKey(signIn.name, signIn.id), signIn.id, { expireIn }),
    );
  }

  async getSignIn(id: string): Promise<SignIn | null> {
    return (await this.#kv.get<SignIn>(signInKey(id))).value;
  }

  async revokeSignIn(id: string): Promise<void> {
    const found = await this.getSignIn(id);
    if (!found) return;
    await commit(
      this.#kv.atomic().delete(signInKey(id))
        .delete(signInIndexKey(found.name, id)),
    );
  }

  async revokeSignInsOf(name: string): Promise<number> {
    let count = 0;
    const prefix = ["sign_ins_of", nameKey(name)];
    for (;;) {
      const entries = await Array.fromAsync(
        this.#kv.list<string>({ prefix }, { limit: REVOKE_BATCH }),
      );
      if (entries.length === 0) return count;
      const op = this.#kv.atomic();
      for (const entry of entries) {
        op.delete(entry.key).delete(signInKey(entry.value));
      }
      await commit(op);
      count += entries.length;
    }
  }

  async signingKey(candidate: string): Promise<string> {
    await commit(
      this.#kv.atomic().check({ key: KEY, versionstamp: null })
        .set(KEY, candidate),
    );
    const stored = (await this.#kv.get<string>(KEY)).value;
    if (stored === null) throw new Error("The signing key was not stored");
    return stored;
  }
}
