/**
 * Shared set-up for the web tests: a session over a fast memory backend,
 * the browser bundle built once, and a WebSocket that waits for frames.
 *
 * @module
 */
import { MemoryBackend } from "../lib/backends/memory.ts";
import { Session } from "../lib/chat/mod.ts";

/** A session over a memory backend with cheap password hashing. */
export function testSession(idleTimeoutMs = 0): Session {
  return testChat(idleTimeoutMs).session;
}

/** A session and its memory backend, for tests that seed storage directly. */
export function testChat(
  idleTimeoutMs = 0,
): { session: Session; backend: MemoryBackend } {
  const backend = new MemoryBackend();
  const session = new Session(backend, {
    idleTimeoutMs,
    pbkdf2Iterations: 1000,
  });
  return { session, backend };
}

let built: Promise<void> | undefined;

/** Runs `deno task build` once when `_fresh/js/` is missing. */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    const entry = new URL("../_fresh/js/client_entry.js", import.meta.url);
    try {
      await Deno.stat(entry);
      return;
    } catch {
      // Not built yet on a fresh checkout.
    }
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "build"],
      cwd: new URL("../", import.meta.url),
      stdout: "null",
      stderr: "inherit",
    }).output();
    if (code !== 0) throw new Error("deno task build failed");
  })();
  return built;
}

/** A WebSocket test client that queues frames and waits for matches. */
export class WsClient {
  readonly socket: WebSocket;
  readonly frames: Record<string, unknown>[] = [];
  /** Every text frame as it arrived, before array frames are unpacked. */
  readonly raw: string[] = [];
  readonly closed: Promise<CloseEvent>;
  #wake = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.onmessage = (e) => {
      // A batched frame is an array of frames (docs/protocol.md).
      const value = JSON.parse(e.data);
      this.raw.push(e.data);
      if (Array.isArray(value)) this.frames.push(...value);
      else this.frames.push(value);
      for (const w of [...this.#wake]) w();
    };
    this.closed = new Promise((resolve) => {
      socket.addEventListener("close", (e) => {
        resolve(e);
        for (const w of [...this.#wake]) w();
      });
    });
  }

  /** Opens a socket and waits until it is open. */
  static async open(
    url: string,
    options: { headers?: Record<string, string> } = {},
  ): Promise<WsClient> {
    // Deno's WebSocket accepts headers, unlike the browser's.
    const init = { headers: options.headers } as unknown as string[];
    const socket = new WebSocket(url, init);
    const client = new WsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new Error(`Could not open ${url}`));
    });
    return client;
  }

  /** Sends one frame as JSON (or raw text). */
  send(frame: Record<string, unknown> | string): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Waits for the first frame (from `from` on) that matches; returns it. */
  async expect(
    match: (f: Record<string, unknown>) => boolean,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + (options.timeoutMs ?? 3000);
    while (true) {
      const found = this.frames.slice(options.from ?? 0).find(match);
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`Closed; frames: ${JSON.stringify(this.frames)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`Timed out; frames: ${JSON.stringify(this.frames)}`);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(id);
          this.#wake.delete(done);
          resolve();
        };
        const id = setTimeout(done, left);
        this.#wake.add(done);
      });
    }
  }

  /** Closes the socket and waits for the close to finish. */
  async close(): Promise<void> {
    if (this.socket.readyState < WebSocket.CLOSING) this.socket.close();
    await this.closed;
  }
}

/** A frame matcher by type and fields. */
export function frame(
  type: string,
  fields: Record<string, unknown> = {},
): (f: Record<string, unknown>) => boolean {
  return (f) =>
    f.type === type &&
    Object.entries(fields).every(([k, v]) => f[k] === v);
}
