/**
 * The broadcaster port: events published on a topic reach every subscriber
 * of that topic, in this process or (with a distributed bus) in others.
 * Topics are `room:<key>`, `user:<key>` and `presence`.
 *
 * @module
 */
import type { ChatEvent } from "../model/events.ts";
import { LocalTopics } from "../session/local_topics.ts";

/** Receives the events of one topic. */
export type BusHandler = (event: ChatEvent) => void;

/** Publish/subscribe between sessions. */
export interface Bus {
  /** Sends an event to every subscriber of `topic`. */
  publish(topic: string, event: ChatEvent): Promise<void>;
  /** Starts receiving `topic`; returns the function that stops it. */
  subscribe(topic: string, handler: BusHandler): () => void;
  /** Rejects when the bus cannot reach its peers (for readiness checks). */
  ping?(): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** An in-process bus: one server, delivery within the same call. */
export class MemoryBus implements Bus {
  #local = new LocalTopics();

  publish(topic: string, event: ChatEvent): Promise<void> {
    this.#local.deliver(topic, event);
    return Promise.resolve();
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    return this.#local.subscribe(topic, handler);
  }

  close(): Promise<void> {
    this.#local.clear();
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
