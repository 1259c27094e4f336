/**
 * In-process servers for end-to-end tests over real sockets: a session over
 * a memory backend, with telnet and WebSocket listeners on free loopback
 * ports, and the bystander check every hardening test ends with (someone
 * else still chats and their message is stored).
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type Backend,
  type Bus,
  type ChatMetrics,
  type Clock,
  type Connection,
  type Limits,
  type Logger,
  Session,
} from "../../lib/chat/mod.ts";
import { MemoryBackend } from "../../lib/backends/memory.ts";
import { serveTelnet, type TelnetServer } from "../../lib/telnet/server.ts";
import {
  type HttpEngine,
  serveWeb,
  type WebServer,
} from "../../lib/web/mod.ts";
import { TEST_ITERATIONS } from "../conformance.ts";
import { FakeSink } from "./fake_sink.ts";
import { TelnetClient } from "./telnet_client.ts";
import { type WsClient, wsLogin } from "./ws_client.ts";

/** Options for `testSession`. */
export interface TestSessionOptions {
  /** Default 0: never. */
  idleTimeoutMs?: number;
  limits?: Partial<Limits>;
  backend?: Backend;
  /** Default: the session's own in-process bus. */
  bus?: Bus;
  logger?: Logger;
  metrics?: ChatMetrics;
  /** Default real time; pass a `ManualClock` to drive limits and idling. */
  clock?: Clock;
  /** PBKDF2 cost; default `TEST_ITERATIONS` (real hashing, cheap). */
  pbkdf2Iterations?: number;
  /** How long a channel membership is trusted before a send re-reads it. */
  membershipTtlMs?: number;
}

/** A session over a memory backend with cheap password hashing. */
export function testSession(options: TestSessionOptions = {}): Session {
  const backend = options.backend ??
    new MemoryBackend();
  const { idleTimeoutMs = 0, limits, logger, metrics, clock, bus } = options;
  return new Session(backend, {
    pbkdf2Iterations: options.pbkdf2Iterations ?? TEST_ITERATIONS,
    idleTimeoutMs,
    bus,
    limits,
    logger,
    metrics,
    clock,
    membershipTtlMs: options.membershipTtlMs,
  });
}

/** The HTTP engine tests run on: `HTTP_ENGINE`, else `serveWeb`'s default. */
export function testEngine(): HttpEngine | undefined {
  return Deno.env.get("HTTP_ENGINE") as HttpEngine | undefined;
}

/** Whether plain-HTTP test servers run on the node engine (the default). */
export function onNodeEngine(): boolean {
  return (testEngine() ?? "node") === "node";
}

/** Options for `startServer`. */
export interface TestServerOptions extends TestSessionOptions {
  maxLineBytes?: number;
  maxFrameBytes?: number;
  maxQueuedBytes?: number;
  maxQueuedMessages?: number;
  /** Serves `/metrics` from this. */
  exposition?: { text(): string };
  /** The HTTP engine; default `HTTP_ENGINE` from the environment, else `serveWeb`'s. */
  engine?: HttpEngine;
  /** Node engine: seconds to send request headers. */
  headerTimeoutSeconds?: number;
}

/** A running server with helpers to connect either way. */
export interface TestServer {
  session: Session;
  backend: Backend;
  telnet: TelnetServer;
  web: WebServer;
  /** The telnet port. */
  port: number;
  /** `http://127.0.0.1:<web port>`. */
  httpBase: string;
  /** A telnet client at the menu. */
  client(): Promise<TelnetClient>;
  /** A telnet client registered (password `<name>-password`) and welcomed. */
  member(name: string): Promise<TelnetClient>;
  /** A WebSocket signed in as `name` (registered, password `<name>-password`, if new). */
  ws(name: string): Promise<WsClient>;
  /** Closes every client, the listeners, the session and the backend. */
  close(): Promise<void>;
}

/** Starts telnet and web on free loopback ports over one session; resolves once both accept. */
export async function startServer(
  options: TestServerOptions = {},
): Promise<TestServer> {
  const backend = options.backend ??
    new MemoryBackend();
  const session = testSession({ ...options, backend });
  const telnet = serveTelnet(session, {
    port: 0,
    maxLineBytes: options.maxLineBytes,
    maxQueuedBytes: options.maxQueuedBytes,
    maxQueuedMessages: options.maxQueuedMessages,
  });
  const web = serveWeb(session, {
    port: 0,
    secret: "test-secret",
    maxFrameBytes: options.maxFrameBytes,
    maxQueuedBytes: options.maxQueuedBytes,
    metrics: options.exposition,
    logger: options.logger,
    engine: options.engine ?? testEngine(),
    headerTimeoutSeconds: options.headerTimeoutSeconds,
  });
  await web.listening;
  const telnets: TelnetClient[] = [];
  const sockets: WsClient[] = [];
  const client = () => TelnetClient.atMenu(telnet.addr.port, telnets);
  return {
    session,
    backend,
    telnet,
    web,
    port: telnet.addr.port,
    httpBase: `http://127.0.0.1:${web.addr.port}`,
    client,
    async member(name) {
      const c = await client();
      await c.ask(
        `/register ${name} ${name}-password ${name}@example.com`,
        `Welcome, ${name}`,
      );
      return c;
    },
    async ws(name) {
      if (!(await backend.hasParticipant(name))) {
        await session.register(name, `${name}-password`, `${name}@example.org`);
      }
      const socket = await wsLogin(web.addr.port, name, `${name}-password`);
      sockets.push(socket);
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
  server: TestServer,
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

/** A connection of `session` logged in as `name` (registered if new), and its sink. */
export async function loggedIn(
  session: Session,
  name: string,
): Promise<{ sink: FakeSink; conn: Connection }> {
  if (!(await session.isRegistered(name))) {
    await session.register(name, `${name}-password`, `${name}@x.io`);
  }
  const sink = new FakeSink();
  const conn = session.connect(sink, { transport: "test" });
  await conn.login(name, `${name}-password`);
  return { sink, conn };
}
