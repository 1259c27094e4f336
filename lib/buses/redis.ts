/**
 * The Redis bus: events go to local subscribers at once and to other
 * instances through Redis pub/sub, one channel per topic. Pub/sub is
 * at-most-once, which is enough because history comes from storage: a
 * client that missed something catches up with `history after`.
 *
 * @module
 */
import {
  type Bus,
  type BusHandler,
  type ChatEvent,
  MemoryBus,
} from "../chat/mod.ts";
import type { Logger } from "../log.ts";
import { RedisClient } from "../redis/client.ts";
import { open, RecentKeys, seal } from "./envelope.ts";

/** Options for `RedisBus`. */
export interface RedisBusOptions {
  /** Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prefix of the pub/sub channel names. Default `parley:`. */
  prefix?: string;
  /** This instance's id; defaults to a random UUID. */
  instanceId?: string;
  logger?: Logger;
}

/** A `Bus` across every instance connected to one Redis. */
export class RedisBus implements Bus {
  /** This instance's id, as carried in every envelope. */
  readonly instanceId: string;
  #pub: RedisClient;
  #sub: RedisClient;
  #prefix: string;
  // Topics subscribed here, so a reconnect can restore all of them.
  #topics = new Set<string>();
  #local: MemoryBus;
  #seen = new RecentKeys();
  #log?: Logger;
  #down = false;
  #acks = new Set<Promise<void>>();

  /** Connects a publisher and a subscriber (a subscribed connection can do nothing else). */
  constructor(options: RedisBusOptions = {}) {
    this.instanceId = options.instanceId ?? crypto.randomUUID();
    this.#prefix = `${options.prefix ?? "parley:"}bus:`;
    this.#log = options.logger;
    const link = {
      url: options.url,
      // Queued while down, so a short outage loses no (un)subscription
      // and no event published during it.
      offlineQueue: true,
      onDown: (cause: Error) => this.#outage(cause),
    };
    this.#pub = new RedisClient(link);
    this.#sub = new RedisClient(link);
    for (const client of [this.#pub, this.#sub]) {
      client.redis.on("ready", () => this.#down = false);
    }
    // ioredis restores the subscriptions Redis confirmed; this also sends
    // the ones that failed while the link was down.
    this.#sub.redis.on("ready", () => this.#resubscribe());
    this.#sub.redis.on(
      "message",
      (channel: string, raw: string) => this.#receive(channel, raw),
    );
    this.#local = new MemoryBus({
      onFirst: (topic) => this.#subscribe(topic, true),
      onLast: (topic) => this.#subscribe(topic, false),
    });
  }

  /** Connects both clients; rejects when Redis cannot be reached. */
  async connect(): Promise<void> {
    await Promise.all([this.#pub.connect(), this.#sub.connect()]);
  }

  /** Delivers locally, then forwards to the other instances. */
  async publish(topic: string, event: ChatEvent): Promise<void> {
    this.#local.deliver(topic, event);
    try {
      await this.#pub.redis.publish(
        this.#prefix + topic,
        seal(this.instanceId, event),
      );
    } catch (cause) {
      // Stored and delivered here; other instances catch up from history.
      this.#outage(cause as Error);
    }
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    return this.#local.subscribe(topic, handler);
  }

  /** Resolves once Redis has acknowledged every subscribe and unsubscribe so far. */
  async subscribed(): Promise<void> {
    await Promise.all(this.#acks);
  }

  /** Whether both connections are up. */
  async ping(): Promise<void> {
    await Promise.all([
      this.#pub.redis.ping(),
      this.#sub.redis.status === "ready"
        ? Promise.resolve()
        : Promise.reject(new Error(`subscriber ${this.#sub.redis.status}`)),
    ]);
  }

  async close(): Promise<void> {
    await this.#local.close();
    await Promise.all([this.#pub.close(), this.#sub.close()]);
  }

  #receive(channel: string, raw: string): void {
    const envelope = open(raw);
    if (!envelope || envelope.o === this.instanceId) return;
    if (!this.#seen.add(envelope.k)) return;
    this.#local.deliver(channel.slice(this.#prefix.length), envelope.e);
  }

  #subscribe(topic: string, on: boolean): void {
    const channel = this.#prefix + topic;
    if (on) this.#topics.add(channel);
    else this.#topics.delete(channel);
    const { redis } = this.#sub;
    const done = on ? redis.subscribe(channel) : redis.unsubscribe(channel);
    const ack = done.then(() => {}, (cause: Error) => this.#outage(cause));
    this.#acks.add(ack);
    ack.finally(() => this.#acks.delete(ack));
  }

  #resubscribe(): void {
    if (this.#topics.size === 0) return;
    this.#sub.redis.subscribe(...this.#topics)
      .catch((cause: Error) => this.#outage(cause));
  }

  #outage(cause: Error): void {
    if (this.#down) return;
    this.#down = true;
    this.#log?.error("bus_error", { bus: "redis", cause });
  }
}

/** Opens a Redis bus and waits until it is connected. */
export async function openRedisBus(
  options: RedisBusOptions = {},
): Promise<RedisBus> {
  const bus = new RedisBus(options);
  try {
    await bus.connect();
  } catch (error) {
    await bus.close();
    throw error;
  }
  return bus;
}
