/**
 * Opens the configured bus and presence store: how instances reach each
 * other. `memory` is one process on its own; `redis` and `kv` connect every
 * instance that shares the server or database.
 *
 * @module
 */
import { type Bus, MemoryBus, type PresenceStore } from "../chat/mod.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";

/** The bus and, when shared, the presence store of one instance. */
export interface Cluster {
  bus: Bus;
  presence?: PresenceStore;
  /** Closes both. */
  close(): Promise<void>;
}

/** The subset of `Config` a cluster needs. */
export type ClusterConfig = Pick<
  Config,
  "bus" | "redisUrl" | "redisPrefix" | "kvPath" | "presenceTtlSeconds"
>;

/** Opens the bus `config.bus` names, with its presence store. */
export async function openCluster(
  config: ClusterConfig,
  options: { logger?: Logger } = {},
): Promise<Cluster> {
  const instanceId = crypto.randomUUID();
  // Refreshing three times per TTL survives one lost refresh.
  const ttlMs = config.presenceTtlSeconds * 1000;
  const timing = { ttlMs, refreshMs: Math.max(100, Math.floor(ttlMs / 3)) };
  switch (config.bus) {
    case "memory": {
      const bus = new MemoryBus();
      return { bus, close: () => bus.close() };
    }
    case "redis": {
      const { openRedisBus } = await import("./redis.ts");
      const { RedisPresence } = await import("./redis_presence.ts");
      const common = {
        url: config.redisUrl,
        prefix: config.redisPrefix,
        instanceId,
      };
      const bus = await openRedisBus({ ...common, logger: options.logger });
      return shared(bus, new RedisPresence({ ...common, ...timing }));
    }
    case "kv": {
      const { KvBus } = await import("./kv.ts");
      const { KvPresence } = await import("./kv_presence.ts");
      const kv = await Deno.openKv(config.kvPath || undefined);
      const bus = new KvBus(kv, { instanceId, logger: options.logger });
      const presence = new KvPresence(kv, { instanceId, ...timing });
      return shared(bus, presence, () => kv.close());
    }
  }
}

// Presence stops its heartbeat before the bus and the database go away.
function shared(
  bus: Bus,
  presence: PresenceStore,
  after: () => void = () => {},
): Cluster {
  return {
    bus,
    presence,
    close: async () => {
      await presence.close();
      await bus.close();
      after();
    },
  };
}
