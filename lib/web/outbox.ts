/**
 * A WebSocket's outgoing frames. Frames queue per socket and leave once per
 * event-loop turn (after the turn's I/O callbacks; spaced out after large
 * flushes, see `lib/flush_pacer.ts`): one
 * queued frame goes as is, several go as ONE text frame holding a JSON array
 * of them (docs/protocol.md, "Batched frames"). Every `socket.send` is an
 * async op and a write, so under fan-out a socket pays once per turn rather
 * than once per event. Sending never waits on the peer.
 *
 * @module
 */
import { FlushPacer, JoinMemo } from "../fanout/mod.ts";

/** What the outbox needs of a WebSocket. */
export interface FrameSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
}

/** Most frames joined into one array frame. */
export const MAX_BATCH_FRAMES = 256;
/** Most characters of an array frame (a single larger frame goes alone). */
export const MAX_BATCH_CHARS = 64 * 1024;

// One shared flush for every socket, not one timer per socket, paced like
// the telnet writers' (a big room's sockets get fewer, fuller frames).
let dirty: FrameOutbox[] = [];
const joins = new JoinMemo((frames: readonly string[]) =>
  joinFrames(frames, 0, frames.length)
);
const pacer = new FlushPacer(() => {
  const list = dirty;
  dirty = [];
  for (const outbox of list) outbox.flush();
  joins.clear();
  return list.length;
});

/** Options for `FrameOutbox`. */
export interface OutboxOptions {
  /** Join queued frames into arrays; false sends one frame per event. */
  batch?: boolean;
  /** Unsent plus queued characters beyond which `onOverflow` runs. */
  maxQueued?: number;
  /** Called once when the peer stops reading for too long. */
  onOverflow?: () => void;
}

/** The outgoing queue of one socket. */
export class FrameOutbox {
  #socket: FrameSocket;
  #batch: boolean;
  #max: number;
  #onOverflow: () => void;
  #frames: string[] = [];
  #chars = 0;
  #failed = false;

  /** Wraps an open (or opening) socket. */
  constructor(socket: FrameSocket, options: OutboxOptions = {}) {
    this.#socket = socket;
    this.#batch = options.batch ?? true;
    this.#max = options.maxQueued ?? 1 << 20;
    this.#onOverflow = options.onOverflow ?? (() => {});
  }

  /** Frames waiting for this turn's flush. */
  get queuedFrames(): number {
    return this.#frames.length;
  }

  /**
   * Queues one JSON object frame. `json` is shared: encode a broadcast once
   * and push the same string to every outbox.
   */
  push(json: string): void {
    if (this.#failed || this.#socket.readyState !== 1) return;
    this.#chars += json.length;
    // What the peer has not taken yet; past the bound it never will.
    if (this.#chars + this.#socket.bufferedAmount > this.#max) {
      this.#failed = true;
      this.#frames = [];
      this.#chars = 0;
      this.#onOverflow();
      return;
    }
    if (this.#frames.push(json) === 1) {
      dirty.push(this);
      pacer.schedule();
    }
  }

  /** Sends everything queued now, e.g. before the socket closes. */
  flush(): void {
    const frames = this.#frames;
    if (frames.length === 0) return;
    this.#frames = [];
    this.#chars = 0;
    if (this.#socket.readyState !== 1) return;
    if (!this.#batch) {
      for (const f of frames) this.#socket.send(f);
      return;
    }
    let from = 0;
    while (from < frames.length) {
      let to = from + 1;
      let size = frames[from].length + 2;
      while (
        to < frames.length && to - from < MAX_BATCH_FRAMES &&
        size + frames[to].length + 1 <= MAX_BATCH_CHARS
      ) {
        size += frames[to++].length + 1;
      }
      this.#socket.send(
        to - from === 1
          ? frames[from]
          // A room's members mostly hold the same frames: one join for all.
          : to - from === frames.length
          ? joins.join(frames)
          : joinFrames(frames, from, to),
      );
      from = to;
    }
  }
}

// String concatenation of already encoded frames: nothing is re-encoded.
function joinFrames(
  frames: readonly string[],
  from: number,
  to: number,
): string {
  let out = "[" + frames[from];
  for (let i = from + 1; i < to; i++) out += "," + frames[i];
  return out + "]";
}
