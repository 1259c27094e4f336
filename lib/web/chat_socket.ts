/**
 * A WebSocket as the chat transport uses it, whichever engine accepted it:
 * `Deno.upgradeWebSocket` (the deno engine) or npm:ws on a node:http socket
 * (the node engine, `node_websocket.ts`). The transport needs only these few
 * members, so each engine's socket is wrapped once instead of the transport
 * knowing both.
 *
 * @module
 */

/** What happens on a socket, as `ChatSocket.listen` reports it. */
export interface SocketHandlers {
  /** The socket is open (called at once if it already is). */
  open(): void;
  /** A message: a string for a text frame, anything else for binary. */
  message(data: unknown): void;
  /** The socket closed, either way. */
  close(): void;
}

/** The WebSocket members the chat transport uses. */
export interface ChatSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the browser API's values). */
  readonly readyState: number;
  /** Bytes sent but not yet written to the network. */
  readonly bufferedAmount: number;
  /** Queues one text frame. */
  send(data: string): void;
  /** Starts the closing handshake with `code` and `reason`. */
  close(code?: number, reason?: string): void;
  /** Reports the socket's open, messages and close to `handlers`. */
  listen(handlers: SocketHandlers): void;
}

/** An upgrade answered by the engine that accepted it. */
export interface AcceptedSocket {
  socket: ChatSocket;
  /** What the app returns for the upgrade request. */
  response: Response;
}

/** The members every engine's WebSocket has alike. */
export type BaseSocket = Omit<ChatSocket, "listen">;

/**
 * `ws` as a `ChatSocket`, its events reported by `listen` (the one part
 * that differs between engines).
 */
export function chatSocket(
  ws: BaseSocket,
  listen: (handlers: SocketHandlers) => void,
): ChatSocket {
  return {
    get readyState() {
      return ws.readyState;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    listen,
  };
}

/** Upgrades `req` with `Deno.upgradeWebSocket` (the deno engine). */
export function upgradeWithDeno(req: Request): AcceptedSocket {
  const { socket: ws, response } = Deno.upgradeWebSocket(req);
  const socket = chatSocket(ws, (handlers) => {
    ws.onopen = () => handlers.open();
    ws.onmessage = (e) => handlers.message(e.data);
    ws.onclose = () => handlers.close();
    // A failed socket also closes; the close is what counts.
    ws.onerror = () => {};
  });
  return { socket, response };
}
