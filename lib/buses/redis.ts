/**
 * The Redis bus: events go to local subscribers at once and to other
 * instances through Redis pub/sub, one channel per topic. Pub/sub is
 * at-most-once, which is enough because history comes from storage: a
 * client that missed something catches up with `history after`.
 *
 * @module
 */
import { Redis } from "ioredis";
import {
  type Bus,
  type BusHandler,
  type ChatEvent,
  MemoryBus,
} from "../chat/mod.ts";
import type { Logger } from "../log.ts";
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
  #pub: Redis;
  #sub: Redis;
  #prefix: string;
  #local: MemoryBus;
  #seen = new RecentKeys();
  #log?: Logger;
  #down = false;
  #acks = new Set<Promise<void>>();

  /** Connects a publisher and a subscriber (a subscribed connection can do nothing else). */
  constructor(options: RedisBusOptions = {}) {
    const url = options.url ?? "redis://127.0.0.1:6379";
    this.instanceId = options.instanceId ?? crypto.randomUUID();
    this.#prefix = `${options.prefix ?? "parley:"}bus:`;
    this.#log = options.logger;
    const retryStrategy = (times: number) => Math.min(1000, 50 * 2 ** times);
    this.#pub = new Redis(url, {
      maxRetriesPerRequest: 1,
      retryStrategy,
      lazyConnect: true,
    });
    // autoResubscribe (the default) restores every channel after a reconnect.
    this.#sub = new Redis(url, { retryStrategy, lazyConnect: true });
    for (const client of [this.#pub, this.#sub]) {
      client.on("error", (cause: Error) => this.#outage(cause));
      client.on("ready", () => this.#down = false);
    }
    this.#sub.on(
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
      await this.#pub.publish(
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
      this.#pub.ping(),
      this.#sub.status === "ready"
        ? Promise.resolve()
        : Promise.reject(new Error(`subscriber ${this.#sub.status}`)),
    ]);
  }

  async close(): Promise<void> {
    await this.#local.close();
    await Promise.all([quit(this.#pub), quit(this.#sub)]);
  }

  #receive(channel: string, raw: string): void {
    const envelope = open(raw);
    if (!envelope || envelope.o === this.instanceId) return;
    if (!this.#seen.add(envelope.k)) return;
    this.#local.deliver(channel.slice(this.#prefix.length), envelope.e);
  }

  #subscribe(topic: string, on: boolean): void {
    const channel = this.#prefix + topic;
    const done = on
      ? this.#sub.subscribe(channel)
      : this.#sub.unsubscribe(channel);
    const ack = done.then(() => {}, (cause: Error) => this.#outage(cause));
    this.#acks.add(ack);
    ack.finally(() => this.#acks.delete(ack));
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

async function quit(client: Redis): Promise<void> {
  if (client.status === "end") return;
  const ended = new Promise<void>((resolve) =>
    client.once("end", () => resolve())
  );
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
  await ended;
}
