/**
 * The Deno KV bus, for Deno Deploy where every instance opens the same KV
 * database. Each topic has a head key holding its latest sequence; publish
 * writes the event under the next sequence and moves the head in one atomic
 * commit. Subscribers `watch` the head keys (at most 10 per watch, so one
 * watch per batch of 10 topics) and range-read what is new.
 *
 * Locally, `watch` does not see writes made by another process on the same
 * file: this bus connects instances only where KV is shared (Deploy).
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
import { open, RecentKeys, seal } from "./envelope.ts";

/** Options for `KvBus`. */
export interface KvBusOptions {
  instanceId?: string;
  /** How long published events stay readable. Default 60 s. */
  retentionMs?: number;
  logger?: Logger;
}

const WATCH_BATCH = 10;

/** A `Bus` over a shared Deno KV database. */
export class KvBus implements Bus {
  /** This instance's id, as carried in every envelope. */
  readonly instanceId: string;
  #kv: Deno.Kv;
  #retention: number;
  #log?: Logger;
  #seen = new RecentKeys();
  #last = new Map<string, bigint>();
  #local: MemoryBus;
  #watches: { stream: ReadableStream; topics: string[] }[] = [];
  #closed = false;

  /** Uses `kv`, which the caller keeps open until after `close()`. */
  constructor(kv: Deno.Kv, options: KvBusOptions = {}) {
    this.#kv = kv;
    this.instanceId = options.instanceId ?? crypto.randomUUID();
    this.#retention = options.retentionMs ?? 60_000;
    this.#log = options.logger;
    this.#local = new MemoryBus({
      onFirst: () => this.#rewatch(),
      onLast: (topic) => {
        this.#last.delete(topic);
        this.#rewatch();
      },
    });
  }

  async publish(topic: string, event: ChatEvent): Promise<void> {
    this.#local.deliver(topic, event);
    const head = ["bus_head", topic];
    try {
      for (let attempt = 0; attempt < 20; attempt++) {
        const current = await this.#kv.get<bigint>(head);
        const next = (current.value ?? 0n) + 1n;
        const result = await this.#kv.atomic()
          .check(current)
          .set(head, next)
          .set(["bus", topic, next], seal(this.instanceId, event), {
            expireIn: this.#retention,
          })
          .commit();
        if (result.ok) return;
      }
      throw new Error("bus head contention");
    } catch (cause) {
      this.#log?.error("bus_error", { bus: "kv", cause });
    }
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    return this.#local.subscribe(topic, handler);
  }

  async ping(): Promise<void> {
    await this.#kv.get(["bus_head", "presence"]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#local.close();
    await this.#stopWatches();
  }

  // Topics change rarely (a room gains its first local member), so the
  // watches are simply rebuilt in batches of ten.
  #rewatch(): void {
    if (this.#closed) return;
    this.#stopWatches().then(() => {
      if (this.#closed) return;
      const topics = this.#local.topics();
      for (let i = 0; i < topics.length; i += WATCH_BATCH) {
        this.#watch(topics.slice(i, i + WATCH_BATCH));
      }
    });
  }

  #watch(topics: string[]): void {
    const stream = this.#kv.watch(topics.map((t) => ["bus_head", t]));
    this.#watches.push({ stream, topics });
    (async () => {
      for await (const entries of stream) {
        for (const [i, entry] of entries.entries()) {
          await this.#catchUp(topics[i], (entry.value as bigint | null) ?? 0n);
        }
      }
    })().catch((cause) => {
      if (!this.#closed) this.#log?.error("bus_error", { bus: "kv", cause });
    });
  }

  async #catchUp(topic: string, head: bigint): Promise<void> {
    const last = this.#last.get(topic);
    // The first head seen is the starting point: a subscriber wants what
    // happens from now on, history comes from storage.
    if (last === undefined) return void this.#last.set(topic, head);
    if (head <= last) return;
    const entries = this.#kv.list<string>({
      start: ["bus", topic, last + 1n],
      end: ["bus", topic, head + 1n],
    });
    for await (const entry of entries) {
      const envelope = open(entry.value);
      if (!envelope || envelope.o === this.instanceId) continue;
      if (this.#seen.add(envelope.k)) this.#local.deliver(topic, envelope.e);
    }
    this.#last.set(topic, head);
  }

  async #stopWatches(): Promise<void> {
    const watches = this.#watches;
    this.#watches = [];
    await Promise.all(watches.map((w) => w.stream.cancel().catch(() => {})));
  }
}
