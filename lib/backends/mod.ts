/**
 * Opens the configured storage backend. Each adapter is imported only when
 * chosen, so the memory and KV paths never load the Redis or AWS clients.
 *
 * @module
 */
import type { Backend } from "../chat/mod.ts";
import type { Config } from "../config.ts";
import { MemoryBackend } from "./memory.ts";

/** The subset of `Config` a backend needs. */
export type BackendConfig = Pick<
  Config,
  | "backend"
  | "kvPath"
  | "redisUrl"
  | "redisPrefix"
  | "createTable"
>;

/** Opens the backend `config.backend` names. */
export async function openBackend(config: BackendConfig): Promise<Backend> {
  switch (config.backend) {
    case "memory":
      return new MemoryBackend();
    case "kv": {
      const { openKvBackend } = await import("./kv.ts");
      return await openKvBackend({ path: config.kvPath });
    }
    case "redis": {
      const { openRedisBackend } = await import("./redis.ts");
      return await openRedisBackend({
        url: config.redisUrl,
        prefix: config.redisPrefix,
      });
    }
    case "dynamodb": {
      const { openDynamoBackend, dynamoOptionsFromEnv } = await import(
        "./dynamodb.ts"
      );
      return await openDynamoBackend({
        ...dynamoOptionsFromEnv(Deno.env),
        createTable: config.createTable,
      });
    }
  }
}
