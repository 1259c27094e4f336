/**
 * Sign-ins and the signing key of the in-memory backend: maps of this
 * process, so the key lives as long as the process (a restart signs
 * everyone out, as it forgets everything else).
 *
 * @module
 */
import { nameKey, type SignIn, type SignInStore } from "../chat/mod.ts";

/** The `SignInStore` half of `MemoryBackend`. */
export class MemorySignIns implements SignInStore {
  #byId = new Map<string, SignIn>();
  // Name key → ids, for "log out everywhere".
  #byName = new Map<string, Set<string>>();
  #key?: string;

  createSignIn(signIn: SignIn): Promise<void> {
    this.#byId.set(signIn.id, { ...signIn });
    const key = nameKey(signIn.name);
    let ids = this.#byName.get(key);
    if (!ids) this.#byName.set(key, ids = new Set());
    ids.add(signIn.id);
    return Promise.resolve();
  }

  getSignIn(id: string): Promise<SignIn | null> {
    const found = this.#byId.get(id);
    return Promise.resolve(found ? { ...found } : null);
  }

  revokeSignIn(id: string): Promise<void> {
    const found = this.#byId.get(id);
    if (found) {
      this.#byId.delete(id);
      this.#byName.get(nameKey(found.name))?.delete(id);
    }
    return Promise.resolve();
  }

  revokeSignInsOf(name: string): Promise<number> {
    const ids = this.#byName.get(nameKey(name)) ?? new Set<string>();
    for (const id of ids) this.#byId.delete(id);
    this.#byName.delete(nameKey(name));
    return Promise.resolve(ids.size);
  }

  signingKey(candidate: string): Promise<string> {
    this.#key ??= candidate;
    return Promise.resolve(this.#key);
  }
}
