/**
 * A connection's outgoing queue. `write` never waits: bytes queue up and
 * one loop drains them, joining whatever piled up into a single write, so a
 * slow reader delays only itself. Past `maxQueuedBytes` or
 * `maxQueuedMessages` it gives up on the client instead of buffering
 * without end.
 *
 * @module
 */

/** Options for `SocketWriter`. */
export interface SocketWriterOptions {
  /** Queued bytes beyond which `onOverflow` is called. Default 1 MiB. */
  maxQueuedBytes?: number;
  /** Queued writes beyond which `onOverflow` is called. Default 1000. */
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
  #conn: ByteSink;
  #max: number;
  #maxMessages: number;
  #onOverflow: () => void;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #draining: Promise<void> | null = null;
  #failed = false;

  /** Wraps a writable connection. */
  constructor(conn: ByteSink, options: SocketWriterOptions = {}) {
    this.#conn = conn;
    this.#max = options.maxQueuedBytes ?? 1 << 20;
    this.#maxMessages = options.maxQueuedMessages ?? 1000;
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
      this.#failed = true;
      this.#queue = [];
      this.#queued = 0;
      this.#onOverflow();
      return;
    }
    this.#draining ??= this.#drain();
  }

  /** Resolves once everything queued so far was written (or writing failed). */
  flush(): Promise<void> {
    return this.#draining ?? Promise.resolve();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0 && !this.#failed) {
        const chunk = this.#queue.length === 1
          ? this.#queue[0]
          : concat(this.#queue);
        this.#queue = [];
        this.#queued = 0;
        for (let off = 0; off < chunk.length;) {
          off += await this.#conn.write(chunk.subarray(off));
        }
      }
    } catch {
      // The peer is gone; the reader sees the same and closes the connection.
      this.#failed = true;
      this.#queue = [];
      this.#queued = 0;
    } finally {
      this.#draining = null;
    }
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
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
