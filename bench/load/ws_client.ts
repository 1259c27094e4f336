/**
 * A WebSocket load client. Against Parley it speaks the JSON protocol of
 * docs/protocol.md (POST /api/login for a token, an `auth` frame, `say`
 * frames, replies matched by `ref`); against the bare baseline it sends the
 * same `say` frames, which are echoed verbatim.
 *
 * @module
 */
import { scanPayloads } from "./payload.ts";
import {
  COMMAND_TIMEOUT_MS,
  type LoadClient,
  type PayloadHandler,
  withTimeout,
} from "./client.ts";

interface Pending {
  resolve(frame: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** A WebSocket client for Parley or the bare WebSocket baseline. */
export class WsLoadClient implements LoadClient {
  name = "";
  bytesIn = 0;
  onPayload: PayloadHandler | null = null;
  #socket: WebSocket;
  #queued: string[] = [];
  #refs = new Map<number, Pending>();
  #nextRef = 1;
  #closed: Promise<void>;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    this.#closed = new Promise((resolve) =>
      socket.addEventListener("close", (e) => {
        const why = `socket closed (${e.code}${
          e.reason ? " " + e.reason : ""
        })`;
        for (const pending of this.#refs.values()) {
          pending.reject(new Error(why));
        }
        resolve();
      })
    );
    socket.addEventListener("message", (e) => this.#receive(e.data));
  }

  /** Opens `ws://127.0.0.1:<port><path>` and waits until it is open. */
  static async connect(port: number, path = "/ws"): Promise<WsLoadClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    const client = new WsLoadClient(socket);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.addEventListener("open", () => resolve());
        socket.addEventListener(
          "error",
          () => reject(new Error("ws connect failed")),
        );
      }),
      COMMAND_TIMEOUT_MS,
      "ws connect",
    );
    return client;
  }

  /** Trades a name and password for a token, then authenticates this socket. */
  async login(
    port: number,
    name: string,
    password: string,
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<void> {
    const token = await fetchToken(port, { name, password, timeoutMs });
    await this.authenticate(name, token, timeoutMs);
  }

  /** Authenticates this socket as `name` with a token from `fetchToken`. */
  async authenticate(
    name: string,
    token: string,
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<void> {
    await this.call({ type: "auth", token }, timeoutMs);
    this.name = name;
  }

  /** Sends a frame with a fresh `ref` and resolves with the reply carrying it. */
  call(
    frame: Record<string, unknown>,
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<Record<string, unknown>> {
    const ref = this.#nextRef++;
    const reply = new Promise<Record<string, unknown>>((resolve, reject) =>
      this.#refs.set(ref, { resolve, reject })
    );
    this.#socket.send(JSON.stringify({ ...frame, ref }));
    return withTimeout(reply, timeoutMs, String(frame.type))
      .finally(() => this.#refs.delete(ref));
  }

  async create(channel: string): Promise<void> {
    await this.call({ type: "create_channel", channel });
  }

  async request(channel: string): Promise<void> {
    await this.call({ type: "request_access", channel });
  }

  async grant(channel: string, name: string): Promise<void> {
    await this.call({ type: "grant", channel, name });
  }

  async join(channel: string): Promise<void> {
    await this.call({ type: "join", channel });
  }

  say(text: string): void {
    this.#queued.push(JSON.stringify({ type: "say", text }));
  }

  flush(): void {
    // WebSocket frames cannot be joined; send() buffers in the runtime.
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    for (const frame of this.#queued) this.#socket.send(frame);
    this.#queued = [];
  }

  get closed(): boolean {
    return this.#socket.readyState >= WebSocket.CLOSING;
  }

  async close(): Promise<void> {
    if (this.#socket.readyState < WebSocket.CLOSING) this.#socket.close();
    await withTimeout(this.#closed, 5_000, "ws close").catch(() => {});
  }

  #receive(data: unknown): void {
    if (typeof data !== "string") return;
    this.bytesIn += data.length;
    if (this.#refs.size > 0 && data.includes('"ref"')) {
      // Parley may batch several frames into one JSON array.
      const value = JSON.parse(data);
      for (const frame of Array.isArray(value) ? value : [value]) {
        const pending = this.#refs.get(frame.ref);
        if (!pending) continue;
        if (frame.type === "error") {
          pending.reject(new Error(`${frame.code}: ${frame.message}`));
        } else pending.resolve(frame);
      }
    }
    if (this.onPayload) scanPayloads(data, this.onPayload);
  }
}

/** What `fetchToken` logs in with. */
export interface Credentials {
  name: string;
  password: string;
  timeoutMs?: number;
}

/** Trades a name and password for a session token (`POST /api/login`). */
export async function fetchToken(
  port: number,
  credentials: Credentials,
): Promise<string> {
  const { name, password, timeoutMs = COMMAND_TIMEOUT_MS } = credentials;
  const response = await fetch(`http://127.0.0.1:${port}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await response.json();
  if (!response.ok || typeof body.token !== "string") {
    throw new Error(`login ${name}: ${JSON.stringify(body)}`);
  }
  return body.token;
}
