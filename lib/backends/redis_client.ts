/**
 * The Redis backend's connection: its options, its client (from the one
 * factory in `lib/redis/client.ts`), one log line per outage, and turning
 * connection failures into `ChatError("unavailable")`. Outage behaviour:
 * docs/backend_redis.md.
 *
 * @module
 */
import { ChatError } from "../chat/mod.ts";
import { RedisClient } from "../redis/client.ts";

/** Options for `openRedisBackend`. */
export interface RedisBackendOptions {
  /** Server URL; default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prepended to every key, so several deployments can share one Redis. */
  prefix?: string;
  /** How long one command may take before it rejects; default 2000 ms. */
  commandTimeoutMs?: number;
}

/** The backend's client: fails fast while down, one log line per outage. */
export function backendClient(options: RedisBackendOptions): RedisClient {
  return new RedisClient({
    url: options.url,
    commandTimeoutMs: options.commandTimeoutMs,
    onDown: (cause) =>
      console.error(`Redis backend: ${cause.message}; reconnecting`),
    onUp: () => console.error("Redis backend: reconnected"),
  });
}

/** Runs a Redis operation, turning connection failures into `unavailable`. */
export async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // A reply error is Redis refusing a command: a bug, not an outage.
    if (err instanceof ChatError || (err as Error)?.name === "ReplyError") {
      throw err;
    }
    throw new ChatError(
      "unavailable",
      "Storage is unavailable, try again shortly",
      { cause: err },
    );
  }
}
