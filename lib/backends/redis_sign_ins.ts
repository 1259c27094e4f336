/**
 * Sign-ins and the signing key in Redis: a sign-in is a JSON string under
 * `sign_in:<id>` that Redis expires at `expiresAt`, indexed in the set
 * `sign_ins:<name>`; the key is `signing_key`, written with `SET NX`.
 *
 * @module
 */
import { type SignIn, type SignInStore } from "../chat/mod.ts";
import { guard } from "./redis_client.ts";
import type { RedisStore } from "./redis_reads.ts";
import { part } from "./redis_scripts.ts";

/** The `SignInStore` half of `RedisBackend`. */
export class RedisSignIns implements SignInStore {
  #store: RedisStore;

  /** Stores through the backend's connection and key layout. */
  constructor(store: RedisStore) {
    this.#store = store;
  }

  createSignIn(signIn: SignIn): Promise<void> {
    const ttl = Math.max(1, signIn.expiresAt - Date.now());
    const index = this.#index(signIn.name);
    return guard(async () => {
      await this.#store.redis.multi()
        .set(this.#key(signIn.id), JSON.stringify(signIn), "PX", ttl)
        .sadd(index, signIn.id)
        // Sign-ins share one lifetime: the index lives as long as the newest.
        .pexpire(index, ttl)
        .exec();
    });
  }

  getSignIn(id: string): Promise<SignIn | null> {
    return guard(async () => {
      const raw = await this.#store.redis.get(this.#key(id));
      return raw === null ? null : JSON.parse(raw) as SignIn;
    });
  }

  revokeSignIn(id: string): Promise<void> {
    return guard(async () => {
      const raw = await this.#store.redis.get(this.#key(id));
      if (raw === null) return;
      const { name } = JSON.parse(raw) as SignIn;
      await this.#store.redis.multi().del(this.#key(id))
        .srem(this.#index(name), id).exec();
    });
  }

  revokeSignInsOf(name: string): Promise<number> {
    const index = this.#index(name);
    return guard(async () => {
      const ids = await this.#store.redis.smembers(index);
      if (ids.length === 0) return 0;
      const [[, deleted]] = await this.#store.redis.multi()
        .del(...ids.map((id) => this.#key(id)))
        .srem(index, ...ids)
        .exec() ?? [[null, 0]];
      return Number(deleted);
    });
  }

  signingKey(candidate: string): Promise<string> {
    const key = this.#store.keys.key("signing_key");
    return guard(async () => {
      await this.#store.redis.set(key, candidate, "NX");
      const stored = await this.#store.redis.get(key);
      if (stored === null) throw new Error("The signing key was not stored");
      return stored;
    });
  }

  #key(id: string): string {
    return this.#store.keys.key(`sign_in:${id}`);
  }

  #index(name: string): string {
    return this.#store.keys.key(`sign_ins:${part(name)}`);
  }
}
