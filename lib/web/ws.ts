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
import type { TokenClaims } from "./auth.ts";
import type { LiveSignIns } from "./live_sign_ins.ts";
import type { PendingSockets } from "./pending_sockets.ts";
import type { SocketUpgrade } from "./upgrade.ts";
import {
  type AcceptedSocket,
  type ChatSocket,
  upgradeWithDeno,
} from "./chat_socket.ts";
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

/** Close code after a frame larger than the limit (RFC 6455 "message too big"). */
export const CLOSE_TOO_BIG = 1009;

/** Default bytes a socket may leave unsent before it is dropped. */
export const DEFAULT_MAX_QUEUED_BYTES = 1 << 20;

/** Default largest accepted frame, in bytes. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024;

/** Options for `acceptSocket`. */
export interface SocketOptions {
  /** The sign-in from the session cookie; null asks for an auth frame. */
  user: TokenClaims | null;
  /** With no `user`: refuse at once (`unauthorized`) instead of waiting. */
  refuse?: boolean;
  /** The live sign-in a token names, or null (bad, expired, revoked). */
  signedIn(token: string): Promise<TokenClaims | null>;
  /** Whether a socket's sign-in is still stored (checked on every frame). */
  stillSignedIn(claims: TokenClaims): Promise<boolean>;
  /** This instance's sockets by sign-in, closed at once on a logout. */
  live?: LiveSignIns;
  /** Sockets not signed in yet, limited per address. */
  pending?: PendingSockets;
  /** The peer's IP address, for per-address limits (the proxy's, behind one). */
  address?: string;
  maxFrameBytes?: number;
  /** Unsent bytes (`bufferedAmount`) beyond which the socket is dropped. */
  maxQueuedBytes?: number;
  /** How long a socket may stay unauthenticated, in milliseconds. */
  authTimeoutMs?: number;
  logger?: Logger;
  /** Live sockets, so a server shutdown can close them. */
  registry?: Set<ChatSocket>;
  /** Join frames queued in one turn into an array frame (default true). */
  batch?: boolean;
  /** The node engine's socket, already counted toward the connection limits. */
  upgrade?: SocketUpgrade;
}

// `readyState` of an open socket (the browser API's value).
const OPEN = 1;

// A broadcast is encoded once and the same frame goes to every socket.
const encoded = new EncodeOnce(encodeEvent);

/** Upgrades `req` and serves the socket as a chat connection. */
export function acceptSocket(
  session: Session,
  req: Request,
  options: SocketOptions,
): Response {
  const upgrade = options.upgrade;
  const accepted = upgrade ? acceptNode(upgrade) : upgradeWithDeno(req);
  if (!accepted) return new Response(null, { status: 400 });
  const { socket, response } = accepted;
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
  // Set when a close needs a code of its own (1009 after a huge frame).
  let closeCode: number | undefined;
  // Set when this socket's sign-in was logged out on this instance.
  let revoked = false;
  let releasePending = () => {};
  try {
    // Sockets that have not signed in are few per address: each may make
    // the runtime buffer one frame of up to 64 MiB (docs/security.md).
    if (options.user === null && options.pending) {
      releasePending = options.pending.hold(options.address);
    }
    conn = session.connect({
      send(event) {
        // A logged-out socket gets nothing more, only its refusal.
        if (revoked) return void queueMicrotask(() => refuse());
        outbox.push(encoded.encode(event));
      },
      close(reason) {
        // The last frames (e.g. the idle notice) go before the close frame.
        outbox.flush();
        if (socket.readyState <= OPEN) {
          socket.close(
            closeCode ?? CLOSE_CODES[reason],
            closeCode === CLOSE_TOO_BIG ? "too_long" : reason,
          );
        }
      },
    }, {
      transport: "ws",
      address: options.address,
      admitted: upgrade !== undefined,
    });
  } catch (error) {
    releasePending();
    socket.listen({
      open() {
        socket.send(JSON.stringify(errorFrame(error)));
        socket.close(CLOSE_LIMIT, "limit");
      },
      message() {},
      close: () => upgrade?.release(),
    });
    return response;
  }
  options.registry?.add(socket);

  let queue = Promise.resolve();
  let authTimer: ReturnType<typeof setTimeout> | undefined;
  let claims: TokenClaims | null = null;
  let unlist = () => {};
  // The refusal clients rely on (docs/protocol.md): `error` `unauthorized`,
  // then the close.
  const refuse = (ref?: string | number) => {
    send(errorFrame(
      new ChatError("unauthorized", "Sign in again; this session is not valid"),
      ref,
    ));
    conn.close("error");
  };
  const enter = async (signIn: TokenClaims | null, ref?: string | number) => {
    let participant;
    try {
      if (signIn === null) return refuse(ref);
      participant = await conn.enter(signIn.name);
    } catch (error) {
      send(errorFrame(error, ref));
      return conn.close("error");
    }
    claims = signIn;
    releasePending();
    if (conn.state !== "closed") {
      // Not closed at once: the page that logged out is on its way to
      // the next page, and must not be sent to the login page instead.
      unlist = options.live?.add(signIn.signIn, signIn.name, () => {
        revoked = true;
      }) ?? unlist;
    }
    clearTimeout(authTimer);
    send({
      type: "hello",
      name: participant.name,
      room: conn.room,
      ...(ref === undefined ? {} : { ref }),
    });
    // Notices missed while away arrive after `hello`, as events.
    await conn.catchUp();
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
        // The runtime has read it whole already; the sender goes, so one
        // socket never makes it read a second one.
        send(errorFrame(
          new ChatError("too_long", `Frames are limited to ${maxBytes} bytes`),
        ));
        closeCode = CLOSE_TOO_BIG;
        return conn.close("error");
      }
      frame = parseFrame(data);
      if (conn.state === "pending") {
        if (frame.type !== "auth") {
          throw new ChatError("unauthorized", "Authenticate first");
        }
        return await enter(await options.signedIn(frame.token), frame.ref);
      }
      // A sign-in revoked on another instance ends here on the next frame.
      if (revoked || (claims && !await options.stillSignedIn(claims))) {
        return refuse(frame.ref);
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

  socket.listen({
    open() {
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
    },
    message(data) {
      queue = queue.then(() => handle(data));
    },
    close() {
      clearTimeout(authTimer);
      releasePending();
      unlist();
      options.registry?.delete(socket);
      upgrade?.release();
      conn.close("transport");
    },
  });
  return response;
}

// The node engine has answered the upgrade itself; the app's response to
// it is not sent.
function acceptNode(upgrade: SocketUpgrade): AcceptedSocket | null {
  const socket = upgrade.accept();
  return socket && { socket, response: new Response(null, { status: 200 }) };
}
