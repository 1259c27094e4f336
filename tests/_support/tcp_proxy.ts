/**
 * A TCP proxy for fault tests: it forwards to a target until paused. A
 * paused proxy behaves like a firewall that drops packets: connections
 * under way are cut, new ones are accepted but nothing passes, so clients
 * meet their own timeouts. Resuming cuts those silent connections and
 * forwards again.
 *
 * @module
 */

/** A running proxy on a free loopback port. */
export class TcpProxy {
  /** The port clients connect to. */
  readonly port: number;
  #listener: Deno.Listener;
  #target: { hostname: string; port: number };
  #paused = false;
  #live = new Set<Deno.Conn>();
  #held = new Set<Deno.Conn>();
  #tasks = new Set<Promise<void>>();
  #accepting: Promise<void>;

  private constructor(target: { hostname: string; port: number }) {
    this.#target = target;
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.port = (this.#listener.addr as Deno.NetAddr).port;
    this.#accepting = this.#accept();
  }

  /** Starts a proxy in front of `target` (e.g. `http://127.0.0.1:1234`). */
  static start(target: string): TcpProxy {
    const url = new URL(target);
    return new TcpProxy({ hostname: url.hostname, port: Number(url.port) });
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops forwarding: cuts live connections, holds new ones silent. */
  pause(): void {
    this.#paused = true;
    for (const conn of this.#live) closeQuietly(conn);
  }

  /** Forwards again; connections held while paused are cut. */
  resume(): void {
    this.#paused = false;
    for (const conn of this.#held) closeQuietly(conn);
  }

  /** Closes the listener and every connection, and waits for them. */
  async close(): Promise<void> {
    this.#listener.close();
    await this.#accepting;
    for (const conn of [...this.#live, ...this.#held]) closeQuietly(conn);
    await Promise.all(this.#tasks);
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.#listener) {
        const task = this.#handle(conn).finally(() => this.#tasks.delete(task));
        this.#tasks.add(task);
      }
    } catch {
      // The listener was closed.
    }
  }

  async #handle(client: Deno.Conn): Promise<void> {
    if (this.#paused) {
      this.#held.add(client);
      await drain(client);
      this.#held.delete(client);
      closeQuietly(client);
      return;
    }
    let upstream: Deno.Conn;
    try {
      upstream = await Deno.connect(this.#target);
    } catch {
      closeQuietly(client);
      return;
    }
    this.#live.add(client);
    this.#live.add(upstream);
    await Promise.all([pump(client, upstream), pump(upstream, client)]);
    this.#live.delete(client);
    this.#live.delete(upstream);
  }
}

// Copies until either side ends, then closes both so the other pump ends.
async function pump(from: Deno.Conn, to: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await from.read(buffer);
      if (n === null) break;
      let sent = 0;
      while (sent < n) sent += await to.write(buffer.subarray(sent, n));
    }
  } catch {
    // Cut by pause() or by the peer; either way this pair is done.
  }
  closeQuietly(from);
  closeQuietly(to);
}

// Reads and throws away everything until the connection ends.
async function drain(conn: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(16 * 1024);
  try {
    while (await conn.read(buffer) !== null) {
      // Discarded: a paused proxy passes nothing.
    }
  } catch {
    // Cut by resume() or close().
  }
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed.
  }
}
