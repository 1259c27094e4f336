/**
 * One telnet connection: reads bytes into lines for the dialog, writes
 * rendered events back, and is the session's sink for this socket.
 *
 * An idle connection is what most of them are, so its state is kept small
 * (measured in docs/benchmarks.md): one object is the sink and owns the
 * socket, reads go into a small buffer that grows only while the client
 * sends long input, and no async frame waits between reads, only the
 * pending read itself.
 *
 * @module
 */
import { EncodeOnce } from "../fanout/mod.ts";
import {
  ChatError,
  type ChatEvent,
  type CloseReason,
  type Connection,
  type ConnectionSink,
  type Session,
} from "../chat/mod.ts";
import { encodeLine, TelnetDecoder, type TelnetEvent } from "./codec.ts";
import { TelnetDialog } from "./dialog.ts";
import {
  renderError,
  renderEvent,
  renderFor,
  type ShownEvent,
} from "./render.ts";
import { TelnetTerminal } from "./terminal.ts";
import { SocketWriter } from "./writer.ts";

/** Options for `serveTelnetClient`. */
export interface TelnetClientOptions {
  /** Longest accepted input line in bytes. */
  maxLineBytes?: number;
  /** Outgoing bytes a client may leave unread before it is dropped. */
  maxQueuedBytes?: number;
  /** Outgoing writes (lines) a client may leave unread before it is dropped. */
  maxQueuedMessages?: number;
}

/** First read buffer: typed lines fit; the pending read holds it while idle. */
export const MIN_READ_BYTES = 128;
/** Largest read buffer, reached only while reads keep filling the buffer. */
export const MAX_READ_BYTES = 16384;
const CLOSE_FLUSH_MS = 2000;
const CRLF = Uint8Array.of(13, 10);
// A broadcast is encoded once and the same bytes go to every telnet client.
const encoded = new EncodeOnce((event: ShownEvent) =>
  encodeLine(renderEvent(event))
);

/** An accepted connection: plain TCP, or TLS (telnet over TLS). */
export type TelnetSocket = Deno.TcpConn | Deno.TlsConn;

/** Serves one accepted connection until either side ends it. */
export function serveTelnetClient(
  session: Session,
  socket: TelnetSocket,
  options: TelnetClientOptions = {},
): Promise<void> {
  return new TelnetClient(socket, options).serve(session);
}

/** The session's sink for one socket; also owns its reading and closing. */
class TelnetClient implements ConnectionSink {
  #socket: TelnetSocket;
  #writer: SocketWriter;
  #decoder: TelnetDecoder;
  #conn: Connection | null = null;
  #dialog: TelnetDialog | null = null;
  #terminal: TelnetTerminal | null = null;
  #buffer = new Uint8Array(MIN_READ_BYTES);
  #closed = false;
  #closing: Promise<void> | null = null;
  #done: (() => void) | null = null;

  constructor(socket: TelnetSocket, options: TelnetClientOptions) {
    // A TLS socket has no such switch; its records go out as written.
    if ("setNoDelay" in socket) socket.setNoDelay(true);
    this.#socket = socket;
    this.#writer = new SocketWriter(socket, {
      maxQueuedBytes: options.maxQueuedBytes,
      maxQueuedMessages: options.maxQueuedMessages,
      // The queue is what the client failed to read: nothing more can reach it.
      onOverflow: () => this.#conn?.close("slow_consumer"),
    });
    this.#decoder = new TelnetDecoder({ maxLineBytes: options.maxLineBytes });
  }

  /** Runs the connection; resolves once the socket is closed. */
  serve(session: Session): Promise<void> {
    try {
      this.#conn = session.connect(this, {
        transport: "telnet",
        address: this.#socket.remoteAddr.hostname,
        // Like IRC, no line per login anywhere on the server; /who tells.
        presence: false,
        // Every line is printed as it comes: a direct message shown is read.
        readsLive: true,
      });
    } catch (error) {
      if (!(error instanceof ChatError)) return Promise.reject(error);
      this.#writer.write(encodeLine(renderError(error)));
      return this.#closeSocket();
    }
    // Negotiation first, so the client is in binary mode before it types.
    this.#writer.write(this.#decoder.open());
    this.#terminal = new TelnetTerminal(
      this.#writer,
      this.#conn,
      this.#decoder,
    );
    this.#dialog = new TelnetDialog(session, this.#conn, this.#terminal);
    this.#dialog.start();
    const done = new Promise<void>((resolve) => this.#done = resolve);
    this.#read();
    return done;
  }

  /** `ConnectionSink.send`: queues the event's shared bytes (or this reader's line). */
  send(event: ChatEvent): void {
    if (event.type === "read" || event.type === "channel_updated") return;
    const own = renderFor(event, this.#conn?.name ?? null);
    if (own === undefined) this.#writer.write(encoded.encode(event));
    else if (own !== null) this.#writer.write(encodeLine(own));
  }

  /** `ConnectionSink.close`: flushes what is queued, then closes the socket. */
  close(_reason: CloseReason): void {
    this.#closeSocket();
  }

  #read(): void {
    this.#socket.read(this.#buffer).then(
      (n) => this.#received(n),
      () => this.#end(), // Reset by peer or closed under us.
    );
  }

  async #received(n: number | null): Promise<void> {
    if (n === null || this.#closed) return this.#end();
    const full = n === this.#buffer.length;
    const events = this.#decoder.push(this.#buffer.subarray(0, n));
    // A full buffer means more is waiting: read bigger until it drains.
    // The decoder copied what it keeps, so the buffer may be replaced.
    if (full && n < MAX_READ_BYTES) this.#buffer = new Uint8Array(n * 2);
    else if (!full && this.#buffer.length > MIN_READ_BYTES) {
      this.#buffer = new Uint8Array(MIN_READ_BYTES);
    }
    try {
      for (const event of events) {
        if (this.#closed) break;
        await this.#handle(event);
      }
    } catch {
      return this.#end();
    }
    if (this.#closed) return this.#end();
    this.#read();
  }

  async #handle(event: TelnetEvent): Promise<void> {
    const conn = this.#conn!;
    switch (event.type) {
      case "reply":
        return this.#writer.write(event.bytes);
      case "line":
        conn.touch();
        return await this.#dialog!.handle(event.text);
      case "too_long":
        conn.touch();
        return this.#writer.write(
          encodeLine(
            `! Line is longer than ${event.limit} bytes; it was discarded`,
          ),
        );
      case "invalid_utf8":
        conn.touch();
        return this.#writer.write(
          encodeLine("! Line is not valid UTF-8; it was discarded"),
        );
      case "interrupt":
        conn.touch();
        if (event.newline) this.#writer.write(CRLF);
        this.#terminal!.print(interruptNotice(event));
        return this.#dialog!.interrupt();
      case "are_you_there":
        // Not activity: a client's keep-alive must not defeat the idle timeout.
        return this.#terminal!.print("* Yes, Parley is here");
    }
  }

  async #end(): Promise<void> {
    this.#conn?.close("transport");
    await this.#closeSocket();
    this.#done?.();
    this.#done = null;
  }

  // Every caller waits for the same close, so the connection is reported
  // done only once its socket is closed and the flush deadline cleared.
  #closeSocket(): Promise<void> {
    return this.#closing ??= this.#shut();
  }

  async #shut(): Promise<void> {
    this.#closed = true;
    this.#terminal?.stop();
    await withDeadline(this.#writer.flush(), CLOSE_FLUSH_MS);
    try {
      this.#socket.close();
    } catch {
      // Already closed by the peer.
    }
  }
}

// Never silent: what the interrupt cost the user, and why when it was the
// client's doing (a non-ASCII character split by a client not in binary mode).
function interruptNotice(
  event: { discarded: number; garbled: boolean },
): string {
  if (event.garbled) {
    return "! Your telnet client turned part of a non-ASCII character into an " +
      "interrupt (it is not in binary mode); the line was discarded";
  }
  if (event.discarded > 0) {
    return "! Interrupted; the line you were typing was discarded";
  }
  return "* Interrupted; /quit disconnects";
}

// A client that never reads must not hold its socket open forever.
async function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let id: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => id = setTimeout(resolve, ms));
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(id);
  }
}
