/**
 * One telnet connection: reads bytes into lines for the dialog, writes
 * rendered events back, and is the session's sink for this socket.
 *
 * @module
 */
import type { Connection } from "../chat/connection.ts";
import type { ChatEvent, CloseReason } from "../chat/events.ts";
import type { Session } from "../chat/session.ts";
import {
  encodeLine,
  encodeText,
  TelnetDecoder,
  WILL_ECHO,
  WONT_ECHO,
} from "./codec.ts";
import { TelnetDialog } from "./dialog.ts";
import { renderEvent } from "./render.ts";
import { SocketWriter } from "./writer.ts";

/** Options for `serveTelnetClient`. */
export interface TelnetClientOptions {
  /** Longest accepted input line in bytes. */
  maxLineBytes?: number;
  /** Outgoing bytes a client may leave unread before it is dropped. */
  maxQueuedBytes?: number;
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
    onOverflow: () => conn.close("error"),
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
  const conn: Connection = session.connect({
    send(event) {
      let bytes = encoded.get(event);
      if (!bytes) encoded.set(event, bytes = encodeLine(renderEvent(event)));
      writer.write(bytes);
    },
    close(_reason: CloseReason) {
      closeSocket();
    },
  }, { transport: "telnet", address: addressOf(socket) });
  const dialog = new TelnetDialog(session, conn, {
    print: (...lines) => {
      for (const line of lines) writer.write(encodeLine(line));
    },
    prompt: (text, { secret: hide = false } = {}) => {
      writer.write(encodeText(text));
      if (hide) writer.write(WILL_ECHO);
      secret = hide;
    },
    close: () => conn.close("quit"),
  });
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

function addressOf(socket: Deno.TcpConn): string {
  const addr = socket.remoteAddr;
  return `${addr.hostname}:${addr.port}`;
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
