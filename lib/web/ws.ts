/**
 * The WebSocket transport: one socket is one `Connection`, exactly like a
 * telnet socket. Frames are handled in arrival order; every failure becomes
 * an `error` frame in one place.
 *
 * @module
 */
import { EncodeOnce } from "../fanout/mod.ts";
import {
  ChatError,
  type CloseReason,
  type Connection,
  type Session,
} from "../chat/mod.ts";
import type { Logger } from "../log.ts";
import { runFrame } from "./actions.ts";
import type { TokenSigner } from "./auth.ts";
import { FrameOutbox } from "./outbox.ts";
import {
  type ClientFrame,
  encodeEvent,
  errorFrame,
  parseFrame,
} from "./protocol.ts";

/** Close codes the page tells apart; 4000 means "do not reconnect". */
export const CLOSE_CODES: Record<CloseReason, number> = {
  quit: 1000,
  idle: 4000,
  replaced: 4001,
  flooding: 4002,
  slow_consumer: 4003,
  error: 1011,
  shutdown: 1012,
  transport: 1001,
};

/** Close code when a connection limit refuses the socket ("try again later"). */
export const CLOSE_LIMIT = 1013;

/** Default bytes a socket may leave unsent before it is dropped. */
export const DEFAULT_MAX_QUEUED_BYTES = 1 << 20;

/** Default largest accepted frame, in bytes. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024;

/** Options for `acceptSocket`. */
export interface SocketOptions {
  /** The participant from the session cookie; null asks for an auth frame. */
  user: string | null;
  /** With no `user`: refuse at once (`unauthorized`) instead of waiting. */
  refuse?: boolean;
  signer: TokenSigner;
  /** The peer's IP address, for per-address limits (the proxy's, behind one). */
  address?: string;
  maxFrameBytes?: number;
  /** Unsent bytes (`bufferedAmount`) beyond which the socket is dropped. */
  maxQueuedBytes?: number;
  /** How long a socket may stay unauthenticated, in milliseconds. */
  authTimeoutMs?: number;
  logger?: Logger;
  /** Live sockets, so a server shutdown can close them. */
  registry?: Set<WebSocket>;
  /** Join frames queued in one turn into an array frame (default true). */
  batch?: boolean;
}

// A broadcast is encoded once and the same frame goes to every socket.
const encoded = new EncodeOnce(encodeEvent);

/** Upgrades `req` and serves the socket as a chat connection. */
export function acceptSocket(
  session: Session,
  req: Request,
  options: SocketOptions,
): Response {
  const { socket, response } = Deno.upgradeWebSocket(req);
  const maxBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const maxQueued = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
  // Replies and events share one queue, so they reach the client in order.
  const outbox = new FrameOutbox(socket, {
    batch: options.batch,
    maxQueued,
    onOverflow: () => conn.close("slow_consumer"),
  });
  const send = (frame: Record<string, unknown>) =>
    outbox.push(JSON.stringify(frame));
  let conn: Connection;
  try {
    conn = session.connect({
      send(event) {
        outbox.push(encoded.encode(event));
      },
      close(reason) {
        // The last frames (e.g. the idle notice) go before the close frame.
        outbox.flush();
        if (socket.readyState <= WebSocket.OPEN) {
          socket.close(CLOSE_CODES[reason], reason);
        }
      },
    }, { transport: "ws", address: options.address });
  } catch (error) {
    socket.onopen = () => {
      socket.send(JSON.stringify(errorFrame(error)));
      socket.close(CLOSE_LIMIT, "limit");
    };
    socket.onerror = () => {};
    return response;
  }
  options.registry?.add(socket);

  let queue = Promise.resolve();
  let authTimer: ReturnType<typeof setTimeout> | undefined;
  const enter = async (name: string | null, ref?: string | number) => {
    let participant;
    try {
      if (name === null) {
        throw new ChatError(
          "unauthorized",
          "Sign in again; this session is not valid",
        );
      }
      participant = await conn.enter(name);
    } catch (error) {
      send(errorFrame(error, ref));
      return conn.close("error");
    }
    clearTimeout(authTimer);
    send({
      type: "hello",
      name: participant.name,
      room: conn.room,
      ...(ref === undefined ? {} : { ref }),
    });
  };
  const handle = async (data: unknown) => {
    let frame: ClientFrame | undefined;
    try {
      if (conn.state === "closed") return;
      conn.touch();
      if (typeof data !== "string") {
        throw new ChatError("invalid", "Frames must be JSON text");
      }
      if (
        data.length * 3 > maxBytes &&
        new TextEncoder().encode(data).length > maxBytes
      ) {
        throw new ChatError(
          "too_long",
          `Frames are limited to ${maxBytes} bytes`,
        );
      }
      frame = parseFrame(data);
      if (conn.state === "pending") {
        if (frame.type !== "auth") {
          throw new ChatError("unauthorized", "Authenticate first");
        }
        return await enter(await options.signer.verify(frame.token), frame.ref);
      }
      const reply = await runFrame(conn, frame);
      if (reply) {
        send(frame.ref === undefined ? reply : { ...reply, ref: frame.ref });
      }
    } catch (error) {
      if (!(error instanceof ChatError)) {
        options.logger?.error("ws_error", { id: conn.id, cause: error });
      }
      send(errorFrame(error, frame?.ref));
    }
  };

  socket.onopen = () => {
    if (options.user !== null || options.refuse) {
      queue = queue.then(() => enter(options.user)).catch(() =>
        conn.close("error")
      );
    } else {
      // A client that never authenticates must not hold a socket for long.
      authTimer = setTimeout(
        () => conn.close("error"),
        options.authTimeoutMs ?? 10_000,
      );
    }
  };
  socket.onmessage = (e) => {
    queue = queue.then(() => handle(e.data));
  };
  socket.onclose = () => {
    clearTimeout(authTimer);
    options.registry?.delete(socket);
    conn.close("transport");
  };
  socket.onerror = () => {};
  return response;
}
