/**
 * Runs the web app on node:http or node:https (the node engine, the
 * default), or on `Deno.serve` (`engine: "deno"`),
 * and closes its WebSockets on shutdown.
 *
 * @module
 */
import type { Session } from "../chat/mod.ts";
import type { HttpEngine } from "../config_options.ts";
import { buildApp, type WebOptions } from "./app.ts";
import type { ChatSocket } from "./chat_socket.ts";
import { serveNode } from "./serve_node.ts";

/** Options for `serveWeb`. */
export interface ServeWebOptions extends WebOptions {
  /** Default 127.0.0.1. */
  hostname?: string;
  /** 0 picks a free port. Default 8000. */
  port?: number;
  /** Aborting it stops the server like `close()`. */
  signal?: AbortSignal;
  /** PEM certificate chain and key: serve HTTPS, with `Secure` cookies. */
  tls?: { cert: string; key: string };
  /**
   * `node` (node:http or node:https with npm:ws, the default: bounds the
   * time to send request headers, counts every HTTP connection per
   * address, cuts oversized WebSocket frames unread) or `deno`
   * (`Deno.serve`, for Deno Deploy). See `serve_node.ts`.
   */
  engine?: HttpEngine;
  /** With the node engine: seconds to send the request headers (default 10). */
  headerTimeoutSeconds?: number;
}

/** A running web server. */
export interface WebServer {
  /** The address actually bound (useful with port 0). */
  readonly addr: Deno.NetAddr;
  /** Settles once the port accepts connections; rejects if it cannot. */
  readonly listening: Promise<void>;
  /** Settles when the server has stopped. */
  readonly finished: Promise<void>;
  /** Closes every WebSocket (code 1012), stops listening, and waits. */
  close(): Promise<void>;
}

/**
 * Starts serving the browser path of `session`. Throws if the port cannot be
 * bound or, with `tls`, the certificate or key is not usable PEM.
 */
export function serveWeb(
  session: Session,
  options: ServeWebOptions = {},
): WebServer {
  const engine = options.engine ?? "node";
  if (engine === "node") return serveNode(session, options);
  const sockets = new Set<ChatSocket>();
  const stop = new AbortController();
  // Listening comes first: a port in use or a bad certificate fails before
  // the app is built (and logs anything).
  const server = Deno.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 8000,
    signal: stop.signal,
    onListen() {},
    ...options.tls,
  }, (req, info) => app.fetch(req, info));
  const app = buildApp(session, {
    ...options,
    secureCookie: options.secureCookie || options.tls !== undefined,
  }, sockets);
  const close = async () => {
    for (const socket of sockets) socket.close(1012, "shutdown");
    stop.abort();
    await server.finished;
  };
  options.signal?.addEventListener("abort", () => void close(), { once: true });
  return {
    addr: server.addr,
    listening: Promise.resolve(),
    finished: server.finished,
    close,
  };
}
