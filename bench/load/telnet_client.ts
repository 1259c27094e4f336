/**
 * A telnet load client: LF/CRLF lines over TCP, slash commands for setup,
 * and a marker scan (no line splitting) for load messages.
 *
 * @module
 */
import { scanPayloadBytes, scanPayloads } from "./payload.ts";
import {
  COMMAND_TIMEOUT_MS,
  type LoadClient,
  type PayloadHandler,
  withTimeout,
} from "./client.ts";

const encoder = new TextEncoder();
const LF = 10;

interface Waiter {
  ok: RegExp;
  resolve(line: string): void;
  reject(error: Error): void;
}

/** A telnet client for Parley or the bare TCP baseline. */
export class TelnetLoadClient implements LoadClient {
  /** Participant name, once registered or logged in. */
  name = "";
  bytesIn = 0;
  onPayload: PayloadHandler | null = null;
  #conn: Deno.TcpConn;
  #decoder = new TextDecoder();
  #carry = "";
  // The bytes after the last line break, on the byte path.
  #tail: Uint8Array | null = null;
  #queued: string[] = [];
  #writing = false;
  #waiter: Waiter | null = null;
  #closed = false;
  #reading: Promise<void>;

  private constructor(conn: Deno.TcpConn, readBytes: number) {
    this.#conn = conn;
    this.#reading = this.#read(readBytes);
  }

  /** Connects to 127.0.0.1:`port`; `readBytes` sizes the read buffer. */
  static async connect(
    port: number,
    readBytes = 16384,
  ): Promise<TelnetLoadClient> {
    const conn = await withTimeout(
      Deno.connect({ hostname: "127.0.0.1", port }),
      COMMAND_TIMEOUT_MS,
      "telnet connect",
    );
    conn.setNoDelay(true);
    return new TelnetLoadClient(conn, readBytes);
  }

  /** Sends `line` and resolves with the first line matching `ok`; a `! ` line rejects. */
  command(
    line: string,
    ok: RegExp,
    timeoutMs = COMMAND_TIMEOUT_MS,
  ): Promise<string> {
    if (this.#waiter) throw new Error("one command at a time");
    const answer = new Promise<string>((resolve, reject) => {
      this.#waiter = { ok, resolve, reject };
    });
    this.say(line);
    this.flush();
    return withTimeout(answer, timeoutMs, line.split(" ")[0])
      .finally(() => this.#waiter = null);
  }

  /** Registers and logs in as `name`. */
  async register(name: string, password: string): Promise<void> {
    await this.command(
      `/register ${name} ${password} ${name}@example.com`,
      /\* Welcome, /,
    );
    this.name = name;
  }

  /** Logs in as an existing `name`. */
  async login(
    name: string,
    password: string,
    timeoutMs?: number,
  ): Promise<void> {
    await this.command(`/login ${name} ${password}`, /\* Welcome, /, timeoutMs);
    this.name = name;
  }

  async create(channel: string): Promise<void> {
    await this.command(`/create ${channel}`, /\* Created #/);
  }

  async request(channel: string): Promise<void> {
    await this.command(`/request ${channel}`, /\* Asked for access/);
  }

  async grant(channel: string, name: string): Promise<void> {
    await this.command(`/grant ${channel} ${name}`, / may now use #/);
  }

  async join(channel: string): Promise<void> {
    await this.command(`/join ${channel}`, /\* You are in #/);
  }

  say(text: string): void {
    this.#queued.push(text);
  }

  flush(): void {
    if (!this.#writing && this.#queued.length > 0 && !this.#closed) {
      this.#writing = true;
      this.#drain().finally(() => this.#writing = false);
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#conn.close();
      } catch { /* already closed */ }
    }
    await this.#reading;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queued.length > 0 && !this.#closed) {
        const bytes = encoder.encode(this.#queued.join("\r\n") + "\r\n");
        this.#queued = [];
        for (let at = 0; at < bytes.length;) {
          at += await this.#conn.write(bytes.subarray(at));
        }
      }
    } catch {
      // The server closed us; the runner sees it as lost deliveries.
    }
  }

  async #read(size: number): Promise<void> {
    const buffer = new Uint8Array(size);
    try {
      while (!this.#closed) {
        const n = await this.#conn.read(buffer);
        if (n === null) break;
        this.bytesIn += n;
        this.#receive(buffer.subarray(0, n));
      }
    } catch { /* reset or closed by us */ }
    this.#closed = true;
    this.#waiter?.reject(new Error("connection closed"));
  }

  #receive(chunk: Uint8Array): void {
    // Under load: scan the bytes, keeping a cut line's head for the next read.
    if (!this.#waiter && this.onPayload && !this.#carry) {
      return this.#receiveBytes(chunk, this.onPayload);
    }
    if (this.#tail) {
      chunk = joinBytes(this.#tail, chunk);
      this.#tail = null;
    }
    // Telnet negotiation (IAC …) only comes before load starts; drop it.
    const text = this.#carry +
      this.#decoder.decode(stripIac(chunk), { stream: true });
    const end = text.lastIndexOf("\n");
    if (end === -1) {
      this.#carry = text;
      return;
    }
    this.#carry = text.slice(end + 1);
    const body = text.slice(0, end);
    if (this.#waiter) {
      for (const line of body.split("\n")) {
        if (!this.#waiter) break;
        if (this.#waiter.ok.test(line)) this.#waiter.resolve(line);
        // A prompt such as "Choice: " may precede the error on its line.
        else if (/(^|: )! /.test(line)) this.#waiter.reject(new Error(line));
      }
    }
    if (this.onPayload) scanPayloads(body, this.onPayload);
  }

  #receiveBytes(chunk: Uint8Array, found: PayloadHandler): void {
    if (this.#tail) chunk = joinBytes(this.#tail, chunk);
    const end = chunk.lastIndexOf(LF);
    if (end === -1) {
      this.#tail = chunk.slice();
      return;
    }
    scanPayloadBytes(chunk.subarray(0, end), found);
    this.#tail = end + 1 < chunk.length ? chunk.slice(end + 1) : null;
  }
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function stripIac(chunk: Uint8Array): Uint8Array {
  if (!chunk.includes(0xff)) return chunk;
  const out: number[] = [];
  for (let i = 0; i < chunk.length; i++) {
    if (chunk[i] !== 0xff) out.push(chunk[i]);
    else if (chunk[i + 1] === 0xff) out.push(chunk[++i]);
    else if (chunk[i + 1] === 250) {
      while (i < chunk.length && !(chunk[i] === 0xff && chunk[i + 1] === 240)) {
        i++;
      }
      i++;
    } else i += chunk[i + 1] >= 251 ? 2 : 1;
  }
  return Uint8Array.from(out);
}
