/**
 * The runtime's ceiling for the WebSocket path: a bare `Deno.serve` server
 * that sends every text frame it receives to every open socket.
 * Run: `deno run --allow-net=127.0.0.1 bench/baseline_ws.ts`.
 *
 * @module
 */
import { collectOnSignal } from "./load/gc_signal.ts";

// The load tool collects garbage before reading memory, as for Parley.
collectOnSignal();
const sockets = new Set<WebSocket>();

const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen() {} },
  (req) => {
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("WebSocket only", { status: 400 });
    }
    const { socket, response } = Deno.upgradeWebSocket(req);
    socket.onopen = () => sockets.add(socket);
    socket.onclose = () => sockets.delete(socket);
    socket.onerror = () => {};
    socket.onmessage = (e) => {
      for (const peer of sockets) {
        if (peer.readyState === WebSocket.OPEN) peer.send(e.data);
      }
    };
    return response;
  },
);
// Same line as main.ts will print, so the load tool finds the port the same way.
console.log(`http listening on 127.0.0.1:${server.addr.port}`);
