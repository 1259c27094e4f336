/**
 * An in-process connection sink that records what the session sends.
 *
 * @module
 */
import type {
  ChatEvent,
  CloseReason,
  ConnectionSink,
} from "../../lib/chat/mod.ts";

/** Records events and the close reason. */
export class FakeSink implements ConnectionSink {
  /** Every event received, in order. */
  events: ChatEvent[] = [];
  /** Why it was closed, once it was. */
  closed: CloseReason | null = null;

  send(event: ChatEvent): void {
    this.events.push(event);
  }

  close(reason: CloseReason): void {
    this.closed = reason;
  }

  /** The last event a client would show (read markers moving are not). */
  get lastShown(): ChatEvent | undefined {
    return this.events.findLast((e) => e.type !== "read");
  }

  /** The texts of received chat messages. */
  get texts(): string[] {
    return this.events.flatMap((e) =>
      e.type === "message" ? [e.message.text] : []
    );
  }
}
