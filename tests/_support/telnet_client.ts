/**
 * A scriptable telnet client for end-to-end tests: real TCP, raw bytes in
 * and out, and waits for expected output with a deadline.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A test client connected to a telnet port. */
export class TelnetClient {
  #conn: Deno.Conn;
  #text = "";
  #bytes: number[] = [];
  #waiters = new Set<() => void>();
  #closed = false;
  #reading: Promise<void>;

  private constructor(conn: Deno.Conn) {
    this.#conn = conn;
    this.#reading = this.#read();
  }

  /** Connects to `port` on loopback. */
  static async connect(port: number): Promise<TelnetClient> {
    return new TelnetClient(
      await Deno.connect({ hostname: "127.0.0.1", port }),
    );
  }

  /** Connects over TLS (telnet over TLS), trusting `caCerts`. */
  static async connectTls(
    port: number,
    caCerts: string[],
  ): Promise<TelnetClient> {
    return new TelnetClient(
      await Deno.connectTls({ hostname: "127.0.0.1", port, caCerts }),
    );
  }

  /**
   * Connects, adds the client to `opened` (for cleanup, even if the menu
   * never comes) and waits for the guided menu's prompt.
   */
  static async atMenu(
    port: number,
    opened: TelnetClient[] = [],
  ): Promise<TelnetClient> {
    const client = await TelnetClient.connect(port);
    opened.push(client);
    await client.expect("Type a number");
    return client;
  }

  /** Everything received so far, decoded as text (IAC bytes included). */
  get text(): string {
    return this.#text;
  }

  /** Everything received so far, as raw bytes. */
  get bytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  /** Whether the server closed the connection. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends raw bytes. */
  async sendBytes(bytes: Uint8Array): Promise<void> {
    for (let off = 0; off < bytes.length;) {
      off += await this.#conn.write(bytes.subarray(off));
    }
  }

  /** Sends one line ending in CRLF, like the telnet program. */
  send(line: string): Promise<void> {
    return this.sendBytes(encoder.encode(line + "\r\n"));
  }

  /** Waits until the output since `from` matches; returns the match index. */
  async expect(
    pattern: string | RegExp,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<number> {
    const from = options.from ?? 0;
    const find = () => {
      const rest = this.#text.slice(from);
      const at = typeof pattern === "string"
        ? rest.indexOf(pattern)
        : rest.search(pattern);
      return at < 0 ? -1 : from + at;
    };
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    while (true) {
      const at = find();
      if (at >= 0) return at;
      if (this.#closed) {
        throw new Error(`Closed before ${pattern}; got:\n${this.#text}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `Timed out waiting for ${pattern}; got:\n${this.#text}`,
        );
      }
      await this.#wait(left);
    }
  }

  /** Waits until the raw bytes from offset `from` contain `needle`; returns its offset. */
  async expectBytes(needle: number[], from = 0): Promise<number> {
    const find = () => {
      const bytes = this.#bytes;
      outer: for (let i = from; i + needle.length <= bytes.length; i++) {
        for (let j = 0; j < needle.length; j++) {
          if (bytes[i + j] !== needle[j]) continue outer;
        }
        return i;
      }
      return -1;
    };
    const deadline = Date.now() + 5000;
    while (true) {
      const at = find();
      if (at >= 0) return at;
      const left = deadline - Date.now();
      if (this.#closed || left <= 0) {
        throw new Error(`No bytes ${needle} after ${from}; got ${this.#bytes}`);
      }
      await this.#wait(left);
    }
  }

  /** Sends a line and waits for `pattern` in what follows it. */
  async ask(line: string, pattern: string | RegExp): Promise<void> {
    const from = this.#text.length;
    await this.send(line);
    await this.expect(pattern, { from });
  }

  /** Waits until the server closes the connection. */
  async expectClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Still open; got:\n${this.#text}`);
      await this.#wait(left);
    }
    await this.#reading;
  }

  /** Closes the client side and waits for the reader to end. */
  async close(): Promise<void> {
    if (!this.#closed) {
      try {
        this.#conn.close();
      } catch {
        // Closed by the server meanwhile.
      }
    }
    await this.#reading;
  }

  async #read(): Promise<void> {
    const buf = new Uint8Array(4096);
    try {
      while (true) {
        const n = await this.#conn.read(buf);
        if (n === null) break;
        const chunk = buf.subarray(0, n);
        this.#bytes.push(...chunk);
        this.#text += decoder.decode(chunk, { stream: true });
        this.#wake();
      }
    } catch {
      // Closed locally or reset.
    }
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#conn.close();
      } catch {
        // Already closed.
      }
    }
    this.#wake();
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(id);
        this.#waiters.delete(done);
        resolve();
      };
      const id = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }
}
