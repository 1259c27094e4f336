import assert from "node:assert/strict";
import http from "node:http";
import type { Socket } from "node:net";
import type { Buffer } from "node:buffer";
import { NodeWebSockets } from "../lib/web/node_websocket.ts";
import type { ChatSocket } from "../lib/web/chat_socket.ts";
import { until } from "./_support/mod.ts";

const PING_MS = 100;

/** A node:http server whose upgrades become `ChatSocket`s, pinged often. */
async function pingingServer() {
  const sockets = new NodeWebSockets({
    maxPayload: 1024,
    pingIntervalMs: PING_MS,
  });
  const closed = new Set<ChatSocket>();
  const open: ChatSocket[] = [];
  const server = http.createServer();
  server.on("upgrade", (req, socket: Socket, head: Buffer) => {
    const chat = sockets.accept(req, { socket, head });
    if (!chat) return;
    open.push(chat);
    chat.listen({
      open() {},
      message(data) {
        chat.send(`echo ${data}`);
      },
      close: () => closed.add(chat),
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    open,
    closed,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

Deno.test("node websockets cut a client that stops answering pings, and keep one that answers", async () => {
  const server = await pingingServer();
  // A browser-like client: Deno's WebSocket answers pings by itself.
  const good = new WebSocket(`ws://127.0.0.1:${server.port}/`);
  await new Promise((r) => good.onopen = r);
  // A client that completed the handshake, then went silent.
  const mute = await Deno.connect({ port: server.port });
  await mute.write(new TextEncoder().encode(
    `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
      `Sec-WebSocket-Version: 13\r\n\r\n`,
  ));
  await until(() => server.open.length === 2, "both accepted");
  const [, silent] = server.open;
  await until(() => server.closed.has(silent), "the silent one is cut", {
    timeoutMs: 10 * PING_MS,
  });
  assert.equal(server.closed.has(server.open[0]), false);
  const echoed = new Promise((r) => good.onmessage = (e) => r(e.data));
  good.send("still here");
  assert.equal(await echoed, "echo still here");
  const goodClosed = new Promise((r) => good.onclose = r);
  good.close();
  await goodClosed;
  mute.close();
  await until(() => server.closed.size === 2, "both closed");
  await server.close();
});
