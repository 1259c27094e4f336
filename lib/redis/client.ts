/**
 * The one Redis client factory: the storage backend, the bus (publisher
 * and subscriber) and presence all connect through it, so the default URL,
 * the reconnect policy, the bound on a command's retries, the error
 * listener and a close that never hangs are written once.
 *
 * The policy: `connect()` tries once, so a wrong URL fails at startup;
 * after that (or when the first command connects a client lazily) the
 * client reconnects forever, 50 ms to 1 s apart with jitter, until
 * `close()`. A command in flight when the link drops, or queued while it
 * is down, fails after one reconnect attempt: callers learn of an outage
 * in about a second, never minutes later.
 *
 * @module
 */
import { Redis } from "ioredis";
import { ChatError } from "../chat/mod.ts";

/** Where Redis is when no URL is configured. */
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** How long a command (and a connection attempt) may take by default. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 2000;

/** Options for `RedisClient`. */
export interface RedisClientOptions {
  /** Server URL; default `DEFAULT_REDIS_URL`. */
  url?: string;
  /**
   * Queue commands while the link is down, until the retry bound fails
   * them. Default false: they fail at once, so a write is never run long
   * after its caller was told it failed. A subscriber needs the queue.
   */
  offlineQueue?: boolean;
  /** Bounds a command on a link that is open but not answering, in ms. */
  commandTimeoutMs?: number;
  /** Told once when an established link goes down (not on every retry). */
  onDown?: (cause: Error) => void;
  /** Told when a link that went down is back. */
  onUp?: () => void;
}

/** An ioredis client plus the state of its link: connected yet, down, closing. */
export class RedisClient {
  /** The client; it connects on `connect()` or on its first command. */
  readonly redis: Redis;
  /** The URL it connects to, for messages (`redactUrl` it before showing). */
  readonly url: string;
  #connected = false;
  #starting = false;
  #down = false;
  #closing = false;

  /** Creates the client without connecting it. */
  constructor(options: RedisClientOptions = {}) {
    const timeout = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.url = options.url ?? DEFAULT_REDIS_URL;
    this.redis = new Redis(this.url, {
      lazyConnect: true,
      enableOfflineQueue: options.offlineQueue ?? false,
      maxRetriesPerRequest: 1,
      commandTimeout: timeout,
      connectTimeout: timeout,
      retryStrategy: (times) => this.#retryDelay(times),
    });
    // Without a listener ioredis reports every failed reconnect as an
    // unhandled error; one notice per outage is enough for an operator.
    this.redis.on("error", (cause: Error) => {
      if (this.#down || !this.#connected || this.#closing) return;
      this.#down = true;
      options.onDown?.(cause);
    });
    this.redis.on("ready", () => {
      this.#connected = true;
      // A reconnect that lands after close() began is ended right away.
      if (this.#closing) this.redis.quit().catch(() => {});
      if (!this.#down) return;
      this.#down = false;
      options.onUp?.();
    });
  }

  /** Connects once; rejects with `unavailable`, naming the redacted URL. */
  async connect(): Promise<void> {
    this.#starting = true;
    try {
      await this.redis.connect();
    } catch (cause) {
      // The retry strategy refuses while starting, so the client has
      // already ended: nothing is left running.
      throw new ChatError(
        "unavailable",
        `Cannot reach Redis at ${redactUrl(this.url)}`,
        { cause },
      );
    } finally {
      this.#starting = false;
    }
  }

  /** Ends the client, waiting for it when it was connected; bounded when down. */
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
    // (disconnect() while reconnecting never emits "end", and while
    // connecting it leaves the connect timer behind.)
    if (redis.status === "ready") await redis.quit().catch(() => {});
    await ended;
  }

  #retryDelay(times: number): number | null {
    if (this.#closing || (this.#starting && !this.#connected)) return null;
    return Math.min(50 * 2 ** Math.min(times - 1, 5), 1000) +
      Math.floor(Math.random() * 100);
  }
}

/** `url` with its password replaced by `***`, fit for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
