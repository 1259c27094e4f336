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
  | "pbkdf2Iterations"
  | "kvPath"
  | "redisUrl"
  | "redisPrefix"
  | "createTable"
>;

/** Opens the backend `config.backend` names. */
export async function openBackend(config: BackendConfig): Promise<Backend> {
  const pbkdf2Iterations = config.pbkdf2Iterations;
  switch (config.backend) {
    case "memory":
      return new MemoryBackend({ pbkdf2Iterations });
    case "kv": {
      const { openKvBackend } = await import("./kv.ts");
      return await openKvBackend({ path: config.kvPath, pbkdf2Iterations });
    }
    case "redis": {
      const { openRedisBackend } = await import("./redis.ts");
      return await openRedisBackend({
        url: config.redisUrl,
        prefix: config.redisPrefix,
        pbkdf2Iterations,
      });
    }
    case "dynamodb": {
      const { openDynamoBackend, dynamoOptionsFromEnv } = await import(
        "./dynamodb.ts"
      );
      return await openDynamoBackend({
        ...dynamoOptionsFromEnv(Deno.env),
        createTable: config.createTable,
        pbkdf2Iterations,
      });
    }
  }
}
