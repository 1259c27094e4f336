/**
 * Presence in Redis: one sorted set per participant whose members are the
 * instances holding them, scored by when that claim expires. Reading
 * counts unexpired members, so a dead instance stops counting after
 * `PRESENCE_TTL_MS` even though nothing removed it.
 *
 * @module
 */
import type { Redis } from "ioredis";
import { type PresenceStore } from "../chat/mod.ts";
import {
  PRESENCE_REFRESH_MS,
  PRESENCE_TTL_MS,
  PresenceHeartbeat,
} from "./heartbeat.ts";
import { RedisClient } from "../redis/client.ts";

/** Options for `RedisPresence`. */
export interface RedisPresenceOptions {
  url?: string;
  prefix?: string;
  instanceId: string;
  ttlMs?: number;
  refreshMs?: number;
}

/** A `PresenceStore` shared by every instance on one Redis. */
export class RedisPresence implements PresenceStore {
  #client: RedisClient;
  #redis: Redis;
  #prefix: string;
  #id: string;
  #ttl: number;
  #heartbeat: PresenceHeartbeat;

  /**
   * Connects on its first command; while Redis is down, commands wait for
   * one reconnect attempt, then fail (callers log and carry on).
   */
  constructor(options: RedisPresenceOptions) {
    this.#client = new RedisClient({ url: options.url, offlineQueue: true });
    this.#redis = this.#client.redis;
    this.#prefix = `${options.prefix ?? "parley:"}presence:`;
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
    await this.#redis.zrem(this.#prefix + key, this.#id);
  }

  async online(names: string[]): Promise<Set<string>> {
    const now = Date.now();
    const keys = names.map((n) => n.toLowerCase());
    const pipeline = this.#redis.pipeline();
    for (const key of keys) pipeline.zcount(this.#prefix + key, now, "+inf");
    const counts = (await pipeline.exec()) ?? [];
    return new Set(keys.filter((_, i) => Number(counts[i]?.[1] ?? 0) > 0));
  }

  async close(): Promise<void> {
    this.#heartbeat.stop();
    await this.#client.close();
  }

  async #claim(keys: string[]): Promise<void> {
    const expires = Date.now() + this.#ttl;
    const pipeline = this.#redis.pipeline();
    for (const key of keys) {
      pipeline.zadd(this.#prefix + key, expires, this.#id);
      // Other instances' long-dead claims are pruned while we are here.
      pipeline.zremrangebyscore(this.#prefix + key, "-inf", Date.now());
      pipeline.pexpire(this.#prefix + key, this.#ttl * 2);
    }
    await pipeline.exec();
  }
}
