/**
 * Starts an in-process chat server (session + telnet listener on a free
 * loopback port) for end-to-end tests over real sockets.
 *
 * @module
 */
import { type Backend, Session } from "../lib/chat/mod.ts";
import { MemoryBackend } from "../lib/backends/memory.ts";
import { serveTelnet, type TelnetServer } from "../lib/telnet/server.ts";
import { TelnetClient } from "./_telnet_client.ts";
import { TEST_ITERATIONS } from "./conformance.ts";

/** Options for `startChatServer`. */
export interface ChatServerOptions {
  idleTimeoutMs?: number;
  backend?: Backend;
  maxLineBytes?: number;
}

/** A running test server. */
export interface ChatServer {
  session: Session;
  /** The session's storage, for tests that inspect or seed it. */
  backend: Backend;
  telnet: TelnetServer;
  port: number;
  /** Connects a telnet client and waits for the menu. */
  client(): Promise<TelnetClient>;
  /** Connects, registers `name` (password `pw-<name>`) and waits for the welcome. */
  member(name: string): Promise<TelnetClient>;
  close(): Promise<void>;
}

/** Starts a server on the memory backend unless one is given. */
export function startChatServer(options: ChatServerOptions = {}): ChatServer {
  const backend = options.backend ??
    new MemoryBackend();
  const session = new Session(backend, {
    idleTimeoutMs: options.idleTimeoutMs,
    pbkdf2Iterations: TEST_ITERATIONS,
  });
  const telnet = serveTelnet(session, {
    port: 0,
    maxLineBytes: options.maxLineBytes,
  });
  const clients: TelnetClient[] = [];
  const client = () => TelnetClient.atMenu(telnet.addr.port, clients);
  return {
    session,
    backend,
    telnet,
    port: telnet.addr.port,
    client,
    async member(name) {
      const c = await client();
      await c.ask(
        `/register ${name} pw-${name} ${name}@example.com`,
        `Welcome, ${name}`,
      );
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      session.close("shutdown");
      // Closing records read markers; they must land before storage closes.
      await session.drain();
      await telnet.close();
      await backend.close();
    },
  };
}
