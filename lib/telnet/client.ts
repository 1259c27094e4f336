/**
 * One telnet connection: reads bytes into lines for the dialog, writes
 * rendered events back, and is the session's sink for this socket.
 *
 * @module
 */
import type { Connection } from "../chat/connection.ts";
import type { ChatEvent, CloseReason } from "../chat/events.ts";
import type { Session } from "../chat/session.ts";
import { ChatError } from "../chat/errors.ts";
import {
  encodeLine,
  encodeText,
  TelnetDecoder,
  WILL_ECHO,
  WONT_ECHO,
} from "./codec.ts";
import { TelnetDialog } from "./dialog.ts";
import { renderError, renderEvent } from "./render.ts";
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

const READ_BUFFER_BYTES = 2048;
const CLOSE_FLUSH_MS = 2000;
const CRLF = Uint8Array.of(13, 10);
// A broadcast is encoded once and the same bytes go to every telnet client.
const encoded = new WeakMap<ChatEvent, Uint8Array>();

/** Serves one accepted TCP connection until either side ends it. */
export async function serveTelnetClient(
  session: Session,
  socket: Deno.TcpConn,
  options: TelnetClientOptions = {},
): Promise<void> {
  socket.setNoDelay(true);
  let closed = false;
  let secret = false;
  const writer = new SocketWriter(socket, {
    maxQueuedBytes: options.maxQueuedBytes,
    maxQueuedMessages: options.maxQueuedMessages,
    // The queue is what the client failed to read: nothing more can reach it.
    onOverflow: () => conn.close("slow_consumer"),
  });
  const closeSocket = async () => {
    if (closed) return;
    closed = true;
    await withDeadline(writer.flush(), CLOSE_FLUSH_MS);
    try {
      socket.close();
    } catch {
      // Already closed by the peer.
    }
  };
  let conn: Connection;
  try {
    conn = session.connect(sink(), {
      transport: "telnet",
      address: socket.remoteAddr.hostname,
    });
  } catch (error) {
    if (!(error instanceof ChatError)) throw error;
    writer.write(encodeLine(renderError(error)));
    await closeSocket();
    return;
  }
  const print = (bytes: Uint8Array) => {
    // Nothing is queued for a client that is being closed.
    if (!closed) writer.write(bytes);
  };
  const dialog = new TelnetDialog(session, conn, {
    print: (...lines) => {
      for (const line of lines) print(encodeLine(line));
    },
    prompt: (text, { secret: hide = false } = {}) => {
      print(encodeText(text));
      if (hide) print(WILL_ECHO);
      secret = hide;
    },
    close: () => conn.close("quit"),
  });
  function sink() {
    return {
      send(event: ChatEvent) {
        let bytes = encoded.get(event);
        if (!bytes) encoded.set(event, bytes = encodeLine(renderEvent(event)));
        writer.write(bytes);
      },
      close(_reason: CloseReason) {
        closeSocket();
      },
    };
  }
  const decoder = new TelnetDecoder({ maxLineBytes: options.maxLineBytes });
  dialog.start();
  try {
    const buffer = new Uint8Array(READ_BUFFER_BYTES);
    while (!closed) {
      const n = await socket.read(buffer);
      if (n === null) break;
      for (const event of decoder.push(buffer.subarray(0, n))) {
        if (closed) break;
        switch (event.type) {
          case "reply":
            writer.write(event.bytes);
            break;
          case "line":
            conn.touch();
            if (secret) {
              // The client echoed nothing, not even the Enter key.
              secret = false;
              writer.write(WONT_ECHO);
              writer.write(CRLF);
            }
            await dialog.handle(event.text);
            break;
          case "too_long":
            conn.touch();
            writer.write(
              encodeLine(
                `! Line is longer than ${event.limit} bytes; it was discarded`,
              ),
            );
            break;
          case "invalid_utf8":
            conn.touch();
            writer.write(
              encodeLine("! Line is not valid UTF-8; it was discarded"),
            );
            break;
          case "interrupt":
            break;
        }
      }
    }
  } catch {
    // Reset by peer or closed under us: both end the connection below.
  } finally {
    conn.close("transport");
    await closeSocket();
  }
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
