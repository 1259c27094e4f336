/**
 * The telnet listener: accepts TCP connections, or TLS ones (telnet over TLS,
 * as IRC servers offer on 6697), and serves each one.
 *
 * @module
 */
import type { Session } from "../chat/mod.ts";
import type { Logger } from "../log.ts";
import {
  serveTelnetClient,
  type TelnetClientOptions,
  type TelnetSocket,
} from "./client.ts";

/** Options for `serveTelnet`. */
export interface TelnetServerOptions extends TelnetClientOptions {
  hostname?: string;
  /** 0 picks a free port. Default 2323. */
  port?: number;
  logger?: Logger;
  /** PEM certificate chain and key: serve telnet over TLS. */
  tls?: { cert: string; key: string };
}

/** A running telnet listener. */
export interface TelnetServer {
  /** The address actually bound (useful with port 0). */
  readonly addr: Deno.NetAddr;
  /** Stops accepting and waits for every client to finish. */
  close(): Promise<void>;
}

/**
 * Starts accepting telnet clients into `session`. Throws if the port cannot
 * be bound or, with `tls`, the certificate or key is not usable PEM.
 */
export function serveTelnet(
  session: Session,
  options: TelnetServerOptions = {},
): TelnetServer {
  const address = {
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 2323,
    transport: "tcp" as const,
  };
  const listener: Deno.Listener<TelnetSocket, Deno.NetAddr> = options.tls
    ? Deno.listenTls({ ...address, ...options.tls })
    : Deno.listen(address);
  const clients = new Set<Promise<void>>();
  const sockets = new Set<TelnetSocket>();
  let stopping = false;
  const forget = (socket: TelnetSocket, done: Promise<void>) => {
    sockets.delete(socket);
    clients.delete(done);
  };
  const accepting = (async () => {
    while (!stopping) {
      let socket: TelnetSocket;
      try {
        socket = await listener.accept();
      } catch (error) {
        // Closed by `close()`: stop. Anything else (e.g. out of file
        // descriptors) is passing: log it, breathe, keep accepting.
        if (
          stopping || error instanceof Deno.errors.BadResource ||
          error instanceof Deno.errors.Interrupted
        ) return;
        options.logger?.error("accept_error", { cause: error });
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      sockets.add(socket);
      const done: Promise<void> = serveTelnetClient(session, socket, options)
        .then(
          () => forget(socket, done),
          (cause) => {
            options.logger?.error("telnet_error", { cause });
            forget(socket, done);
          },
        );
      clients.add(done);
    }
  })();
  return {
    addr: listener.addr,
    async close() {
      stopping = true;
      try {
        listener.close();
      } catch {
        // Already closed.
      }
      await accepting;
      for (const socket of sockets) {
        try {
          socket.close();
        } catch {
          // Gone already.
        }
      }
      await Promise.all(clients);
    },
  };
}
