/**
 * Presence in Deno KV: one key per participant and instance whose value is
 * when the claim expires (`expireIn` is only a lower bound on deletion, so
 * readers compare the stored time).
 *
 * @module
 */
import { type PresenceStore } from "../chat/mod.ts";
import {
  PRESENCE_REFRESH_MS,
  PRESENCE_TTL_MS,
  PresenceHeartbeat,
} from "./heartbeat.ts";

/** Options for `KvPresence`. */
export interface KvPresenceOptions {
  instanceId: string;
  ttlMs?: number;
  refreshMs?: number;
}

/** A `PresenceStore` over a shared Deno KV database. */
export class KvPresence implements PresenceStore {
  #kv: Deno.Kv;
  #id: string;
  #ttl: number;
  #heartbeat: PresenceHeartbeat;

  /** Uses `kv`, which the caller keeps open until after `close()`. */
  constructor(kv: Deno.Kv, options: KvPresenceOptions) {
    this.#kv = kv;
    this.#id = options.instanceId;
    this.#ttl = options.ttlMs ?? PRESENCE_TTL_MS;
    this.#heartbeat = new PresenceHeartbeat(
      (names) => this.#claim(names),
      options.refreshMs ?? PRESENCE_REFRESH_MS,
    );
  }

  async set(name: string, online: boolean): Promise<void> {
    const key = name.toLowerCase();
    this.#heartbeat.hold(key, online);
    if (online) return await this.#claim([key]);
    await this.#kv.delete(["presence", key, this.#id]);
  }

  async online(names: string[]): Promise<Set<string>> {
    const now = Date.now();
    const found = new Set<string>();
    await Promise.all(names.map(async (name) => {
      const key = name.toLowerCase();
      for await (
        const e of this.#kv.list<number>({ prefix: ["presence", key] }, {
          limit: 16,
        })
      ) {
        if (e.value > now) return void found.add(key);
      }
    }));
    return found;
  }

  close(): Promise<void> {
    this.#heartbeat.stop();
    return Promise.resolve();
  }

  async #claim(keys: string[]): Promise<void> {
    const expires = Date.now() + this.#ttl;
    let op = this.#kv.atomic();
    for (const [i, key] of keys.entries()) {
      op.set(["presence", key, this.#id], expires, { expireIn: this.#ttl });
      // An atomic takes at most 1000 mutations.
      if ((i + 1) % 500 === 0) {
        await op.commit();
        op = this.#kv.atomic();
      }
    }
    await op.commit();
  }
}
