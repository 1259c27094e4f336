/**
 * A WebSocket test client that queues frames and waits for matches, and the
 * login that signs one in over real HTTP.
 *
 * @module
 */
import assert from "node:assert/strict";

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

/** A matcher for a live `message` frame with this text. */
export function said(text: string): (f: Record<string, unknown>) => boolean {
  return (f) => f.type === "message" && f.text === text;
}

/**
 * Logs `name` in on the server at `httpPort` (`POST /api/login` for a
 * token, then the `auth` frame) and waits for `hello`.
 */
export async function wsLogin(
  httpPort: number,
  name: string,
  password: string,
): Promise<WsClient> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  const ws = await WsClient.open(`ws://127.0.0.1:${httpPort}/ws`);
  try {
    ws.send({ type: "auth", token: body.token });
    await ws.expect(frame("hello", { name }));
  } catch (error) {
    await ws.close();
    throw error;
  }
  return ws;
}
