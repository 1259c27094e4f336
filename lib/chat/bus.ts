/**
 * The broadcaster port: events published on a topic reach every subscriber
 * of that topic, in this process or (with a distributed bus) in others.
 * Topics are `room:<key>`, `user:<key>` and `presence`.
 *
 * @module
 */
import type { ChatEvent } from "./events.ts";

/** Receives the events of one topic. */
export type BusHandler = (event: ChatEvent) => void;

/** Publish/subscribe between sessions. */
export interface Bus {
  /** Sends an event to every subscriber of `topic`. */
  publish(topic: string, event: ChatEvent): Promise<void>;
  /** Starts receiving `topic`; returns the function that stops it. */
  subscribe(topic: string, handler: BusHandler): () => void;
  /** Releases connections. */
  close(): Promise<void>;
}

/** An in-process bus: one server, delivery within the same call. */
export class MemoryBus implements Bus {
  #topics = new Map<string, Set<BusHandler>>();

  publish(topic: string, event: ChatEvent): Promise<void> {
    for (const handler of this.#topics.get(topic) ?? []) handler(event);
    return Promise.resolve();
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    let handlers = this.#topics.get(topic);
    if (!handlers) this.#topics.set(topic, handlers = new Set());
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.#topics.delete(topic);
    };
  }

  close(): Promise<void> {
    this.#topics.clear();
    return Promise.resolve();
  }
}

/** The bus topic of the general chat (`null`) or a channel. */
export function roomTopic(channel: string | null): string {
  return channel === null ? "room:" : `room:#${channel.toLowerCase()}`;
}

/** The bus topic that reaches every connection of one participant. */
export function userTopic(name: string): string {
  return `user:${name.toLowerCase()}`;
}

/** The bus topic of online/offline changes. */
export const PRESENCE_TOPIC = "presence";
