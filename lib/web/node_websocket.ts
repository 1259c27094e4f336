/**
 * WebSockets for the node engine, on npm:ws over the node:http socket. Two
 * things `Deno.upgradeWebSocket` cannot do come with it (docs/security.md):
 * a frame longer than `maxPayload` is refused from its header, before any
 * of it is buffered (close 1009), and a text frame that is not UTF-8 gets
 * the close code RFC 6455 requires (1007). What `Deno.upgradeWebSocket`
 * does and npm:ws does not is the ping: a client that stops answering is
 * cut here after two ping intervals, as Deno's `idleTimeout` does.
 *
 * @module
 */
// @ts-types="@types/ws"
import { type WebSocket as NodeWs, WebSocketServer } from "ws";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { Buffer } from "node:buffer";
import { type ChatSocket, chatSocket } from "./chat_socket.ts";

/** Options for `NodeWebSockets`. */
export interface NodeWebSocketsOptions {
  /** Frames past this many bytes are refused unread (close 1009). */
  maxPayload: number;
  /** How often every socket is pinged; default 30 000 ms (Deno's default). */
  pingIntervalMs?: number;
}

/** Accepts upgrades on node:http sockets as `ChatSocket`s. */
export class NodeWebSockets {
  #server: WebSocketServer;
  #pingMs: number;
  // Each open socket, and whether it answered since the last ping.
  #answered = new Map<NodeWs, boolean>();
  // One timer for all sockets, running only while there are some.
  #timer?: ReturnType<typeof setInterval>;

  /** Accepts with `options`' frame bound and ping interval. */
  constructor(options: NodeWebSocketsOptions) {
    this.#pingMs = options.pingIntervalMs ?? 30_000;
    this.#server = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload,
      clientTracking: false,
      perMessageDeflate: false,
    });
  }

  /**
   * Completes the handshake for `req` on `socket` (the app has already
   * checked the request); null if npm:ws refused it (it answered 400).
   */
  accept(
    req: IncomingMessage,
    connection: { socket: Socket; head: Uint8Array },
  ): ChatSocket | null {
    let accepted: NodeWs | null = null;
    // npm:ws calls back synchronously once it has written the 101.
    this.#server.handleUpgrade(
      req,
      connection.socket,
      Buffer.from(connection.head),
      (ws) => accepted = ws,
    );
    if (!accepted) return null;
    this.#watch(accepted);
    return nodeSocket(accepted);
  }

  #watch(ws: NodeWs): void {
    this.#answered.set(ws, true);
    ws.on("pong", () => this.#answered.set(ws, true));
    ws.on("close", () => {
      this.#answered.delete(ws);
      if (this.#answered.size > 0) return;
      clearInterval(this.#timer);
      this.#timer = undefined;
    });
    this.#timer ??= setInterval(() => this.#ping(), this.#pingMs);
  }

  #ping(): void {
    for (const [ws, answered] of this.#answered) {
      if (!answered) {
        ws.terminate();
        continue;
      }
      this.#answered.set(ws, false);
      ws.ping();
    }
  }
}

function nodeSocket(ws: NodeWs): ChatSocket {
  // A refused frame (too long, not UTF-8) is an error, then a close.
  ws.on("error", () => {});
  return chatSocket(ws, (handlers) => {
    ws.on("message", (data, isBinary) => {
      handlers.message(isBinary ? data : data.toString());
    });
    ws.on("close", () => handlers.close());
    // Accepted means open already: there is no open event to wait for.
    if (ws.readyState === ws.OPEN) queueMicrotask(() => handlers.open());
    else ws.once("open", () => handlers.open());
  });
}
