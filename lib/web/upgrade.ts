/**
 * Checks a WebSocket upgrade request before `Deno.upgradeWebSocket`, which
 * throws (a 500) on a malformed one: a bad upgrade is the client's error,
 * answered 400 with what is wrong.
 *
 * @module
 */

import type { ChatSocket } from "./chat_socket.ts";

/** What is wrong with `req` as a WebSocket upgrade (RFC 6455 §4.2.1), or null. */
export function upgradeProblem(req: Request): string | null {
  const h = req.headers;
  if (h.get("upgrade")?.toLowerCase() !== "websocket") {
    return "Expected a WebSocket upgrade request";
  }
  const connection = (h.get("connection") ?? "").toLowerCase().split(",");
  if (!connection.some((token) => token.trim() === "upgrade")) {
    return "A WebSocket upgrade needs Connection: Upgrade";
  }
  if (h.get("sec-websocket-version") !== "13") {
    return "A WebSocket upgrade needs Sec-WebSocket-Version: 13";
  }
  // A base64 nonce of 16 bytes is 24 characters.
  if (!/^[A-Za-z0-9+/]{22}==$/.test(h.get("sec-websocket-key") ?? "")) {
    return "A WebSocket upgrade needs a valid Sec-WebSocket-Key";
  }
  return null;
}

/**
 * An upgrade handed over by the node engine (`serve_node.ts`): it completes
 * the handshake on its node:http socket, and the connection's slot of the
 * per-address limit stays taken until the WebSocket closes.
 */
export interface SocketUpgrade {
  /** Writes the 101 and returns the socket; null if the handshake was refused. */
  accept(): ChatSocket | null;
  /** Frees the connection's slot; called once the WebSocket has closed. */
  release(): void;
}
