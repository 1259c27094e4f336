/**
 * A connection's outgoing queue. `write` never waits: bytes queue up and go
 * out with the shared flush (once per event-loop turn, spaced out after
 * large flushes: `lib/flush_pacer.ts`), all that piled up joined into one socket
 * write, so a broadcast costs each socket one write per flush rather than
 * one per line, and a slow reader delays only itself. Past `maxQueuedBytes`
 * or `maxQueuedMessages` it gives up on the client instead of buffering
 * without end.
 *
 * @module
 */
import { FlushPacer, JoinMemo } from "../fanout/mod.ts";

/** Options for `SocketWriter`. */
export interface SocketWriterOptions {
  /** Queued bytes beyond which `onOverflow` is called. Default 1 MiB. */
  maxQueuedBytes?: number;
  /**
   * Queued writes beyond which `onOverflow` is called. Default 10 000: about
   * the byte bound's worth of chat lines; 1 000 is only 62 ms of a room
   * sending 16 000 lines a second.
   */
  maxQueuedMessages?: number;
  /** Called once when the client stops reading for too long. */
  onOverflow?: () => void;
}

/** Where the bytes go: a `Deno.Conn` or anything that writes like one. */
export interface ByteSink {
  /** Writes some of `p`, resolving to how many bytes were taken. */
  write(p: Uint8Array): Promise<number>;
}

/** Queues and writes bytes to one `Deno.Conn`. */
export class SocketWriter {
  // One shared flush for every writer, not one timer per socket.
  static #dirty: SocketWriter[] = [];
  // Writers with bytes queued or a write in flight: the fan-out's true size.
  static #engaged = 0;
  static #pacer = new FlushPacer(() => SocketWriter.#flushDirty());
  static #joins = new JoinMemo(concat);

  #conn: ByteSink;
  #max: number;
  #maxMessages: number;
  #onOverflow: () => void;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #busy = false;
  #failed = false;
  #waiters: (() => void)[] | null = null;

  /** Wraps a writable connection. */
  constructor(conn: ByteSink, options: SocketWriterOptions = {}) {
    this.#conn = conn;
    this.#max = options.maxQueuedBytes ?? 1 << 20;
    this.#maxMessages = options.maxQueuedMessages ?? 10_000;
    this.#onOverflow = options.onOverflow ?? (() => {});
  }

  /** Bytes waiting to be written. */
  get queuedBytes(): number {
    return this.#queued;
  }

  /** Queues bytes; the caller must not modify them afterwards. */
  write(bytes: Uint8Array): void {
    if (this.#failed) return;
    this.#queue.push(bytes);
    this.#queued += bytes.length;
    if (this.#queued > this.#max || this.#queue.length > this.#maxMessages) {
      this.#fail();
      this.#onOverflow();
      return;
    }
    // Busy: waiting for the flush, or a write is in flight and its
    // completion queues whatever piled up meanwhile for the next flush.
    if (this.#busy) return;
    this.#busy = true;
    SocketWriter.#engaged++;
    SocketWriter.#enqueue(this);
  }

  /** Resolves once everything queued so far was written (or writing failed). */
  flush(): Promise<void> {
    if (!this.#busy) return Promise.resolve();
    return new Promise((resolve) => (this.#waiters ??= []).push(resolve));
  }

  static #enqueue(writer: SocketWriter): void {
    SocketWriter.#dirty.push(writer);
    SocketWriter.#pacer.schedule();
  }

  // Paced by every engaged writer, not just this flush's: under load, write
  // completions arrive spread out, and their sockets would otherwise wait in
  // many small flushes, each allowing the next one sooner (measured: 2 000
  // sockets in flushes of ~360, three times the writes, p99 near 1 s).
  static #flushDirty(): number {
    const list = SocketWriter.#dirty;
    SocketWriter.#dirty = [];
    for (const writer of list) writer.#next();
    SocketWriter.#joins.clear();
    return Math.max(list.length, SocketWriter.#engaged);
  }

  #next(): void {
    if (this.#failed || this.#queue.length === 0) return this.#idle();
    // A room's members mostly hold the same lines: one join serves them all.
    const chunk = this.#queue.length === 1
      ? this.#queue[0]
      : SocketWriter.#joins.join(this.#queue);
    this.#queue = [];
    this.#queued = 0;
    this.#send(chunk);
  }

  #send(chunk: Uint8Array): void {
    this.#conn.write(chunk).then(
      (n) => n < chunk.length ? this.#send(chunk.subarray(n)) : this.#written(),
      () => {
        // The peer is gone; the reader sees the same and closes the connection.
        this.#fail();
        this.#idle();
      },
    );
  }

  // More may have queued while the write was in flight: it waits for the
  // next shared flush, so a busy room's lines leave together.
  #written(): void {
    if (this.#failed || this.#queue.length === 0) return this.#idle();
    SocketWriter.#enqueue(this);
  }

  #fail(): void {
    this.#failed = true;
    this.#queue = [];
    this.#queued = 0;
  }

  #idle(): void {
    if (this.#busy) SocketWriter.#engaged--;
    this.#busy = false;
    const waiters = this.#waiters;
    this.#waiters = null;
    for (const resolve of waiters ?? []) resolve();
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
