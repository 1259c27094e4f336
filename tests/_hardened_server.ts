/**
 * A server with both transports (telnet and WebSocket) over one session,
 * configurable limits, and the bystander check every hardening test ends
 * with: someone else still chats and their message is stored.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type Backend,
  type ChatMetrics,
  type Limits,
  Session,
} from "../lib/chat/mod.ts";
import { MemoryBackend } from "../lib/backends/memory.ts";
import type { Logger } from "../lib/log.ts";
import { serveTelnet, type TelnetServer } from "../lib/telnet/server.ts";
import { serveWeb, type WebServer } from "../lib/web/mod.ts";
import { TelnetClient } from "./_telnet_client.ts";
import { frame, WsClient } from "./_web_helpers.ts";
import { TEST_ITERATIONS } from "./conformance.ts";

/** Options for `startHardened`. */
export interface HardenedOptions {
  limits?: Partial<Limits>;
  backend?: Backend;
  /** Default 0: never. */
  idleTimeoutMs?: number;
  maxLineBytes?: number;
  maxFrameBytes?: number;
  maxQueuedBytes?: number;
  maxQueuedMessages?: number;
  logger?: Logger;
  metrics?: ChatMetrics;
  /** Serves `/metrics` from this. */
  exposition?: { text(): string };
}

/** A running server with helpers to connect either way. */
export interface Hardened {
  session: Session;
  backend: Backend;
  telnet: TelnetServer;
  web: WebServer;
  port: number;
  httpBase: string;
  /** A telnet client at the menu. */
  client(): Promise<TelnetClient>;
  /** A telnet client registered (password `pw-<name>`) and welcomed. */
  member(name: string): Promise<TelnetClient>;
  /** A WebSocket signed in as `name` (registered if new). */
  ws(name: string): Promise<WsClient>;
  close(): Promise<void>;
}

/** Starts telnet and web on free loopback ports over a memory backend. */
export function startHardened(options: HardenedOptions = {}): Hardened {
  const backend = options.backend ??
    new MemoryBackend();
  const session = new Session(backend, {
    pbkdf2Iterations: TEST_ITERATIONS,
    idleTimeoutMs: options.idleTimeoutMs ?? 0,
    limits: options.limits,
    logger: options.logger,
    metrics: options.metrics,
  });
  const telnet = serveTelnet(session, {
    port: 0,
    maxLineBytes: options.maxLineBytes,
    maxQueuedBytes: options.maxQueuedBytes,
    maxQueuedMessages: options.maxQueuedMessages,
  });
  const web = serveWeb(session, {
    port: 0,
    secret: "hardening-secret",
    maxFrameBytes: options.maxFrameBytes,
    maxQueuedBytes: options.maxQueuedBytes,
    metrics: options.exposition,
  });
  const httpBase = `http://127.0.0.1:${web.addr.port}`;
  const telnets: TelnetClient[] = [];
  const sockets: WsClient[] = [];
  const client = () => TelnetClient.atMenu(telnet.addr.port, telnets);
  return {
    session,
    backend,
    telnet,
    web,
    port: telnet.addr.port,
    httpBase,
    client,
    async member(name) {
      const c = await client();
      await c.ask(
        `/register ${name} pw-${name} ${name}@example.com`,
        `Welcome, ${name}`,
      );
      return c;
    },
    async ws(name) {
      if (!(await backend.hasParticipant(name))) {
        await session.register(name, `pw-${name}`, `${name}@example.org`);
      }
      const res = await fetch(`${httpBase}/api/login`, {
        method: "POST",
        body: JSON.stringify({ name, password: `pw-${name}` }),
        headers: { "content-type": "application/json" },
      });
      const { token } = await res.json();
      const socket = await WsClient.open(
        `ws://127.0.0.1:${web.addr.port}/ws`,
      );
      sockets.push(socket);
      socket.send({ type: "auth", token });
      await socket.expect(frame("hello", { name }));
      return socket;
    },
    async close() {
      await Promise.all(telnets.map((c) => c.close()));
      await Promise.all(sockets.map((s) => s.close()));
      session.close("shutdown");
      // Closing records read markers; they must land before storage closes.
      await session.drain();
      await telnet.close();
      await web.close();
      await backend.close();
    },
  };
}

/** Asserts `client` (a bystander) still chats, and its message is stored. */
export async function assertBystanderChats(
  server: Hardened,
  client: TelnetClient,
  text: string,
): Promise<void> {
  await client.ask(text, `> ${text}`);
  const page = await server.backend.getChatHistory({ limit: 200 });
  assert.ok(
    page.messages.some((m) => m.text === text),
    `"${text}" is in the history`,
  );
}
