/**
 * What a distributed bus puts on the wire: the event, the instance that
 * sent it (so it skips its own), and a key that lets receivers drop
 * duplicates. Message events are keyed by room and id, which is what makes
 * redelivery harmless.
 *
 * @module
 */
import type { ChatEvent } from "../chat/mod.ts";

/** One event on the wire. */
export interface Envelope {
  /** Sending instance. */
  o: string;
  /** Dedupe key. */
  k: string;
  e: ChatEvent;
}

/** Wraps an event for the wire. */
export function seal(origin: string, event: ChatEvent): string {
  const key = event.type === "message"
    ? `m:${event.message.channel?.toLowerCase() ?? ""}:${event.message.id}`
    : crypto.randomUUID();
  return JSON.stringify({ o: origin, k: key, e: event } satisfies Envelope);
}

/** Unwraps an event; null for anything malformed. */
export function open(raw: string): Envelope | null {
  try {
    const value = JSON.parse(raw);
    if (
      typeof value?.o === "string" && typeof value.k === "string" &&
      typeof value.e?.type === "string"
    ) return value as Envelope;
  } catch {
    // Not ours; ignored below.
  }
  return null;
}

/** Remembers the last `size` keys to drop duplicate deliveries. */
export class RecentKeys {
  #size: number;
  #keys = new Set<string>();

  /** Keeps at most `size` keys, forgetting the oldest first. */
  constructor(size = 10_000) {
    this.#size = size;
  }

  /** True the first time a key is seen, false for a repeat. */
  add(key: string): boolean {
    if (this.#keys.has(key)) return false;
    this.#keys.add(key);
    if (this.#keys.size > this.#size) {
      this.#keys.delete(this.#keys.values().next().value!);
    }
    return true;
  }
}
