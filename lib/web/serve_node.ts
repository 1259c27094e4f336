/**
 * The node engine (`--http-engine node`): the same app on node:http, which
 * does what `Deno.serve` cannot (docs/security.md): it closes a connection
 * whose request headers are not complete in time (408), and it sees every
 * connection as it opens, so each one, plain or upgraded to a WebSocket,
 * holds a slot of the session's per-address connection limit until it
 * closes. Over the limit a connection gets a 503 and is closed.
 *
 * @module
 */
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import { Buffer } from "node:buffer";
import type { Session } from "../chat/mod.ts";
import { buildApp, type EngineInfo } from "./app.ts";
import type { ServeWebOptions, WebServer } from "./serve.ts";
import type { SocketUpgrade } from "./upgrade.ts";
import type { ChatSocket } from "./chat_socket.ts";
import { NodeWebSockets } from "./node_websocket.ts";
import { DEFAULT_MAX_FRAME_BYTES } from "./ws.ts";
import {
  closeAfter,
  toRequest,
  writeRaw,
  writeResponse,
} from "./node_bridge.ts";

/** Seconds a client has to send its request headers, by default. */
export const DEFAULT_HEADER_TIMEOUT_SECONDS = 10;

/** How many times `maxFrameBytes` a frame may declare before it is cut unread. */
export const HARD_FRAME_FACTOR = 4;

/** How long a shutdown waits for connections before it stops waiting. */
const SHUTDOWN_GRACE_MS = 2_000;

/** `serveWeb` on node:http, or node:https with `options.tls`. */
export function serveNode(
  session: Session,
  options: ServeWebOptions = {},
): WebServer {
  const hostname = options.hostname ?? "127.0.0.1";
  // Bound once at once, like Deno.serve: a port in use (or, with TLS, a
  // certificate or key that is not PEM, which node:https takes without a
  // word) throws here, and port 0 is chosen here, so `addr` is known
  // before node listens.
  const port = options.port ?? 8000;
  const probe = options.tls
    ? Deno.listenTls({ hostname, port, ...options.tls })
    : Deno.listen({ hostname, port });
  const addr = probe.addr as Deno.NetAddr;
  probe.close();
  const headerMs = (options.headerTimeoutSeconds ??
    DEFAULT_HEADER_TIMEOUT_SECONDS) * 1000;
  const limits = {
    headersTimeout: headerMs,
    requestTimeout: Math.max(headerMs, 30_000),
    // Node looks for late headers only this often (30 s by default).
    connectionsCheckingInterval: Math.min(1000, Math.max(100, headerMs / 4)),
  };
  const server = options.tls
    ? https.createServer({ ...limits, ...options.tls })
    : http.createServer(limits);
  const scheme = options.tls ? "https" : "http";
  const sockets = new Set<ChatSocket>();
  const app = buildApp(session, {
    ...options,
    secureCookie: options.secureCookie || options.tls !== undefined,
  }, sockets);
  // Frames up to a few times the limit are read and refused with an error
  // frame (ws.ts); longer ones are cut at their header.
  const webSockets = new NodeWebSockets({
    maxPayload: HARD_FRAME_FACTOR *
      (options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES),
  });
  const open = new Map<Socket, () => void>();
  const stopped = Promise.withResolvers<void>();
  // Connections answering a request, and those handed to a WebSocket: a
  // shutdown waits for both and closes every other connection at once.
  const busy = new Set<Socket>();
  const upgraded = new WeakSet<Socket>();
  let closing = false;
  const forget = (socket: Socket) => {
    open.get(socket)?.();
    open.delete(socket);
    if (closing && open.size === 0) stopped.resolve();
  };

  server.on("connection", (socket: Socket) => {
    let release;
    try {
      release = session.admit({
        transport: "http",
        address: socket.remoteAddress,
      });
    } catch (error) {
      return closeAfter(socket, refusal((error as Error).message));
    }
    open.set(socket, release);
    socket.once("close", () => forget(socket));
  });

  const info = (socket: Socket, upgrade?: SocketUpgrade): EngineInfo => ({
    remoteAddr: {
      transport: "tcp",
      hostname: socket.remoteAddress ?? "",
      port: socket.remotePort ?? 0,
    },
    completed: Promise.resolve(),
    upgrade,
  });

  server.on(
    "request",
    (req, res) => void answerTracked(req, res).catch(() => res.destroy()),
  );
  const answer = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    let abandoned = false;
    const request = toRequest(req, {
      scheme,
      abandoned: () => abandoned = true,
    });
    const response = request
      ? await app.fetch(request, info(req.socket))
      : new Response("Bad request", { status: 400 });
    // A body cut off at the cap is never read further: the connection ends.
    if (abandoned) res.shouldKeepAlive = false;
    await writeResponse(res, response);
  };
  const answerTracked = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    busy.add(req.socket);
    try {
      await answer(req, res);
    } finally {
      busy.delete(req.socket);
      if (closing && res.writableFinished) req.socket.destroy();
      else if (closing) res.once("finish", () => req.socket.destroy());
    }
  };

  server.on(
    "upgrade",
    (req, socket: Socket, head: Buffer) =>
      void upgrade(req, socket, head).catch(() => socket.destroy()),
  );
  const upgrade = async (
    req: http.IncomingMessage,
    socket: Socket,
    head: Buffer,
  ) => {
    const request = toRequest(req, { scheme });
    upgraded.add(socket);
    let accepted = false;
    const handover: SocketUpgrade = {
      accept() {
        accepted = true;
        return webSockets.accept(req, { socket, head });
      },
      release: () => forget(socket),
    };
    const response = request
      ? await app.fetch(request, info(socket, handover))
      : new Response("Bad request", { status: 400 });
    // Once accepted, npm:ws has answered (101, or 400) and owns the socket.
    if (!accepted) await writeRaw(socket, response);
  };

  const listening = new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(addr.port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  listening.catch(() => stopped.resolve());

  const close = async () => {
    if (!closing) {
      closing = true;
      for (const socket of sockets) socket.close(1012, "shutdown");
      server.close();
      for (const socket of open.keys()) {
        if (!busy.has(socket) && !upgraded.has(socket)) socket.destroy();
      }
      if (open.size === 0) stopped.resolve();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        for (const socket of open.keys()) socket.destroy();
        resolve();
      }, SHUTDOWN_GRACE_MS);
    });
    await Promise.race([stopped.promise, late]);
    clearTimeout(timer);
    stopped.resolve();
  };
  options.signal?.addEventListener("abort", () => void close(), { once: true });
  return { addr, listening, finished: stopped.promise, close };
}

// The answer to a connection over a limit, written before it is read.
function refusal(message: string): Uint8Array {
  const body = Buffer.from(message);
  return Buffer.concat([
    Buffer.from(
      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    ),
    body,
  ]);
}
