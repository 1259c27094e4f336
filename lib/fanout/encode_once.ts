/**
 * One encoding per broadcast. A fan-out hands the same event object to
 * every connection of a room, so each transport encodes it once (text
 * lines for telnet, a JSON frame for WebSocket) and every socket queues the
 * same bytes. The last event answers without a lookup, since deliveries of
 * one event come in a row; the weak map covers interleaved fan-outs and
 * lets an event's bytes go with the event.
 *
 * @module
 */

/** Encodes each event object once, sharing the result between sockets. */
export class EncodeOnce<E extends object, R> {
  #encode: (event: E) => R;
  #cache = new WeakMap<E, R>();
  #lastEvent: E | null = null;
  #lastResult: R | undefined;

  /** Wraps the transport's encoder. */
  constructor(encode: (event: E) => R) {
    this.#encode = encode;
  }

  /** `encode(event)`, computed on the first call for this event object. */
  encode(event: E): R {
    if (event === this.#lastEvent) return this.#lastResult as R;
    let result = this.#cache.get(event);
    if (result === undefined) {
      result = this.#encode(event);
      this.#cache.set(event, result);
    }
    this.#lastEvent = event;
    this.#lastResult = result;
    return result;
  }
}
