/**
 * The dialog's view of a telnet socket: lines and prompts go to the
 * connection's writer, wrapped to the client's width, and a secret prompt
 * keeps its answer from showing. A class rather than closures, so each
 * connection pays for one small object.
 *
 * @module
 */
import type { Connection } from "../chat/mod.ts";
import type { Terminal } from "./dialog.ts";
import { encodeLine, encodeText } from "./encoder.ts";
import { wrapLine } from "./wrap.ts";
import type { SocketWriter } from "./writer.ts";

/** What the terminal needs from the connection's input side (the decoder). */
export interface TerminalInput {
  /** The client's width in columns. */
  readonly width: number;
  /** Keeps the next line from showing; returns the bytes to send for it. */
  hideNextLine(): Uint8Array;
}

/** A `Terminal` writing to one telnet connection. */
export class TelnetTerminal implements Terminal {
  #writer: SocketWriter;
  #conn: Connection;
  #input: TerminalInput;
  #stopped = false;

  /** Writes to `writer`; `close()` ends `conn`; `input` knows width and echo. */
  constructor(writer: SocketWriter, conn: Connection, input: TerminalInput) {
    this.#writer = writer;
    this.#conn = conn;
    this.#input = input;
  }

  /** The client's width in columns (80 until it says). */
  get width(): number {
    return this.#input.width;
  }

  /**
   * Shows whole lines, each wrapped to the client's width. Only what the
   * dialog and commands print passes here; chat lines are encoded once for
   * every recipient and left to the terminal to wrap.
   */
  print(...lines: string[]): void {
    // Nothing is queued for a client that is being closed.
    if (this.#stopped) return;
    const width = this.#input.width;
    for (const line of lines) {
      for (const part of wrapLine(line, width)) {
        this.#writer.write(encodeLine(part));
      }
    }
  }

  /** Shows a prompt; a secret one keeps the answer from showing. */
  prompt(text: string, options: { secret?: boolean } = {}): void {
    if (this.#stopped) return;
    this.#writer.write(encodeText(text));
    if (options.secret) {
      const bytes = this.#input.hideNextLine();
      if (bytes.length > 0) this.#writer.write(bytes);
    }
  }

  /** Ends the connection after what was printed. */
  close(): void {
    this.#conn.close("quit");
  }

  /** The socket is closing: print nothing more. */
  stop(): void {
    this.#stopped = true;
  }
}
