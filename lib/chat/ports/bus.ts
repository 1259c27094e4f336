/**
 * The broadcaster port: events published on a topic reach every subscriber
 * of that topic, in this process or (with a distributed bus) in others.
 * Topics are named in `model/topics.ts`.
 *
 * @module
 */
import type { ChatEvent } from "../model/events.ts";

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
