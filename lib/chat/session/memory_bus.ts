/**
 * The in-process bus: handlers by topic, called within `publish`. It is the
 * session's default (one server on its own), and the local half of every
 * distributed bus, which forwards a topic to other instances while it has
 * subscribers here.
 *
 * @module
 */
import type { Bus, BusHandler } from "../ports/bus.ts";
import type { ChatEvent } from "../model/events.ts";

/** Options for `MemoryBus`. */
export interface MemoryBusOptions {
  /** Runs when a topic gains its first handler. */
  onFirst?: (topic: string) => void;
  /** Runs when a topic loses its last handler. */
  onLast?: (topic: string) => void;
}

/** A `Bus` within one process: delivery happens during `publish`. */
export class MemoryBus implements Bus {
  #topics = new Map<string, Set<BusHandler>>();
  #onFirst?: (topic: string) => void;
  #onLast?: (topic: string) => void;

  /** Creates an empty bus; the hooks let a distributed bus follow topics. */
  constructor(options: MemoryBusOptions = {}) {
    this.#onFirst = options.onFirst;
    this.#onLast = options.onLast;
  }

  /** The topics that have handlers now. */
  topics(): string[] {
    return [...this.#topics.keys()];
  }

  /** Calls every handler of `topic` at once. */
  deliver(topic: string, event: ChatEvent): void {
    for (const handler of this.#topics.get(topic) ?? []) handler(event);
  }

  publish(topic: string, event: ChatEvent): Promise<void> {
    this.deliver(topic, event);
    return Promise.resolve();
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    let handlers = this.#topics.get(topic);
    if (!handlers) {
      this.#topics.set(topic, handlers = new Set());
      this.#onFirst?.(topic);
    }
    handlers.add(handler);
    return () => {
      if (!handlers.delete(handler) || handlers.size > 0) return;
      this.#topics.delete(topic);
      this.#onLast?.(topic);
    };
  }

  close(): Promise<void> {
    this.#topics.clear();
    return Promise.resolve();
  }
}
