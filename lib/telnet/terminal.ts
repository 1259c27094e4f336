/**
 * The dialog's view of a telnet socket: lines and prompts go to the
 * connection's writer, and a secret prompt turns the client's echo off until
 * the answer arrives. A class rather than closures, so each connection pays
 * for one small object.
 *
 * @module
 */
import type { Connection } from "../chat/mod.ts";
import type { Terminal } from "./dialog.ts";
import { encodeLine, encodeText, WILL_ECHO, WONT_ECHO } from "./encoder.ts";
import type { SocketWriter } from "./writer.ts";

/** A `Terminal` writing to one telnet connection. */
export class TelnetTerminal implements Terminal {
  #writer: SocketWriter;
  #conn: Connection;
  #secret = false;
  #stopped = false;

  /** Writes to `writer`; `close()` ends `conn`. */
  constructor(writer: SocketWriter, conn: Connection) {
    this.#writer = writer;
    this.#conn = conn;
  }

  /** Shows whole lines. */
  print(...lines: string[]): void {
    // Nothing is queued for a client that is being closed.
    if (this.#stopped) return;
    for (const line of lines) this.#writer.write(encodeLine(line));
  }

  /** Shows a prompt; a secret one asks the client to stop echoing. */
  prompt(text: string, options: { secret?: boolean } = {}): void {
    if (this.#stopped) return;
    this.#writer.write(encodeText(text));
    if (options.secret) this.#writer.write(WILL_ECHO);
    this.#secret = options.secret ?? false;
  }

  /** Ends the connection after what was printed. */
  close(): void {
    this.#conn.close("quit");
  }

  /** After a line arrives: hands echoing back if it was a secret answer. */
  endSecret(): boolean {
    if (!this.#secret) return false;
    this.#secret = false;
    this.#writer.write(WONT_ECHO);
    return true;
  }

  /** The socket is closing: print nothing more. */
  stop(): void {
    this.#stopped = true;
  }
}
