/**
 * In-process fan-out of topics to handlers, shared by every bus: remote
 * buses deliver locally first and forward to other instances.
 *
 * @module
 */
import type { BusHandler } from "../ports/bus.ts";
import type { ChatEvent } from "../model/events.ts";

/** Handlers by topic, with hooks for the first and last subscriber. */
export class LocalTopics {
  #topics = new Map<string, Set<BusHandler>>();
  #onFirst: (topic: string) => void;
  #onLast: (topic: string) => void;

  /** `onFirst`/`onLast` run when a topic gains its first or loses its last handler. */
  constructor(
    onFirst: (topic: string) => void = () => {},
    onLast: (topic: string) => void = () => {},
  ) {
    this.#onFirst = onFirst;
    this.#onLast = onLast;
  }

  /** The topics that have handlers now. */
  topics(): string[] {
    return [...this.#topics.keys()];
  }

  /** Calls every handler of `topic`. */
  deliver(topic: string, event: ChatEvent): void {
    for (const handler of this.#topics.get(topic) ?? []) handler(event);
  }

  /** Adds a handler; returns the function that removes it. */
  subscribe(topic: string, handler: BusHandler): () => void {
    let handlers = this.#topics.get(topic);
    if (!handlers) {
      this.#topics.set(topic, handlers = new Set());
      this.#onFirst(topic);
    }
    handlers.add(handler);
    return () => {
      if (!handlers.delete(handler) || handlers.size > 0) return;
      this.#topics.delete(topic);
      this.#onLast(topic);
    };
  }

  /** Drops every handler. */
  clear(): void {
    this.#topics.clear();
  }
}
