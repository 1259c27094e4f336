/**
 * The Redis backend's connection: client settings, the reconnect policy,
 * one log line per outage, and turning connection failures into
 * `ChatError("unavailable")`. Outage behaviour: docs/backend_redis.md.
 *
 * @module
 */
import { Redis } from "ioredis";
import { ChatError } from "../chat/mod.ts";

/** Options for `openRedisBackend`. */
export interface RedisBackendOptions {
  /** Server URL; default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prepended to every key, so several deployments can share one Redis. */
  prefix?: string;
  /** How long one command may take before it rejects; default 2000 ms. */
  commandTimeoutMs?: number;
}

const DEFAULT_URL = "redis://127.0.0.1:6379";
const DEFAULT_TIMEOUT_MS = 2000;

/** A Redis client plus the state of its link: connected yet, down, closing. */
export class RedisLink {
  /** The client; not connected until `connect()`. */
  readonly redis: Redis;
  #connected = false;
  #down = false;
  #closing = false;

  /** Creates the client without connecting it. */
  constructor(options: RedisBackendOptions = {}) {
    const timeout = options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.redis = new Redis(options.url ?? DEFAULT_URL, {
      lazyConnect: true,
      // While the link is down, commands fail at once instead of queueing:
      // a queued write could run long after its caller was told it failed.
      enableOfflineQueue: false,
      // Commands in flight when the link drops fail after one reconnect try.
      maxRetriesPerRequest: 1,
      // Bounds a command on a connection that is open but not answering.
      commandTimeout: timeout,
      connectTimeout: timeout,
      retryStrategy: (times) => this.#retryDelay(times),
    });
    // ioredis emits an error on every failed reconnect; one line per outage
    // is enough to tell an operator, and a flood would hide everything else.
    this.redis.on("error", (err: Error) => {
      if (this.#down || !this.#connected || this.#closing) return;
      this.#down = true;
      console.error(`Redis backend: ${err.message}; reconnecting`);
    });
    this.redis.on("ready", () => {
      this.#connected = true;
      // A reconnect that lands after close() began is ended right away.
      if (this.#closing) this.redis.quit().catch(() => {});
      if (!this.#down) return;
      this.#down = false;
      console.error("Redis backend: reconnected");
    });
  }

  /** Ends the client, waiting for it when it was connected. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const { redis } = this;
    if (redis.status === "end") return;
    if (redis.status === "wait") {
      redis.disconnect();
      return;
    }
    const ended = new Promise((resolve) => redis.once("end", resolve));
    // When down, the pending reconnect attempt ends the client: it either
    // fails and the retry strategy gives up, or succeeds and "ready" quits.
    // (disconnect() would leave a stray 2 s timer behind.)
    if (redis.status === "ready") await redis.quit().catch(() => {});
    await ended;
  }

  #retryDelay(times: number): number | null {
    // No retries before the first connection, so a wrong URL fails at
    // startup; after that, reconnect forever, at most a second apart, so
    // service resumes soon after Redis does.
    if (this.#closing || !this.#connected) return null;
    return Math.min(50 * 2 ** Math.min(times - 1, 5), 1000) +
      Math.floor(Math.random() * 100);
  }
}

/** Connects `redis` once; rejects with `unavailable` naming the URL, redacted. */
export async function connectRedis(
  redis: Redis,
  url?: string,
): Promise<void> {
  try {
    await redis.connect();
  } catch (err) {
    // The retry strategy refuses before a first connection, so the client
    // has already ended: nothing is left running.
    throw new ChatError(
      "unavailable",
      `Cannot reach Redis at ${redact(url ?? DEFAULT_URL)}`,
      { cause: err },
    );
  }
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

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
