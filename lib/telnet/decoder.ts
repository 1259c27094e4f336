/**
 * Incremental telnet input decoder: turns raw socket chunks into lines,
 * negotiation replies, echo and interrupts, with memory bounded by the line
 * cap. The codec's module doc (`codec.ts`) says what each command does.
 *
 * @module
 */
import {
  DO,
  DONT,
  IAC,
  NAWS,
  TelnetOptions,
  TIMING_MARK,
  WILL,
  WONT,
} from "./options.ts";
import { cutsCharacter, lastCharStart, printable, rubOut } from "./echo.ts";
import { usableWidth } from "./wrap.ts";

const SB = 0xfa;
const EL = 0xf8;
const EC = 0xf7;
const AYT = 0xf6;
const IP = 0xf4;
const BRK = 0xf3;
const SE = 0xf0;
const ABORT = 0xee;

const NUL = 0x00;
const ETX = 0x03;
const BS = 0x08;
const LF = 0x0a;
const CR = 0x0d;
const DEL = 0x7f;

const S_DATA = 0;
const S_IAC = 1;
const S_OPTION = 2;
const S_SB_OPTION = 3;
const S_SB = 4;
const S_SB_IAC = 5;

/** A line buffer starts this small and shrinks back to nothing after a long line. */
const SMALL_CAPACITY = 256;
// Between lines a decoder holds no buffer: idle connections cost no bytes here.
const EMPTY = new Uint8Array(0);
const CRLF = Uint8Array.of(CR, LF);
const CR_ONLY = Uint8Array.of(CR);

// Bytes that need the per-byte path; everything else is copied in runs.
const SPECIAL = new Uint8Array(256);
for (const b of [NUL, ETX, BS, LF, CR, DEL, IAC]) SPECIAL[b] = 1;

// Stateless between calls because it never runs in streaming mode; the BOM is
// kept so a line's text is exactly what the client typed.
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Options for {@linkcode TelnetDecoder}. */
export type TelnetDecoderOptions = {
  /** Longest accepted line in bytes (UTF-8, without terminator); default 8192. */
  maxLineBytes?: number;
};

/** Something the decoder found in the client's byte stream. */
export type TelnetEvent =
  | { type: "line"; text: string }
  | { type: "too_long"; limit: number }
  | { type: "invalid_utf8" }
  /** Bytes the server must write back: negotiation answers and echo. */
  | { type: "reply"; bytes: Uint8Array }
  /**
   * IAC IP, IAC BRK, IAC ABORT or Ctrl-C. `discarded` is the pending line it
   * dropped (bytes); `garbled` says it cut a UTF-8 character in two, which
   * only a client that is not in binary mode does (the 8-bit trap).
   */
  | {
    type: "interrupt";
    discarded: number;
    garbled: boolean;
    /** The cursor is not at the left edge: start the notice on a new line. */
    newline: boolean;
  }
  /** IAC AYT: the client asks whether the server is still there. */
  | { type: "are_you_there" };

/**
 * Decodes the client side of a telnet connection: negotiates options, strips
 * commands, applies erase characters, echoes when the server was asked to,
 * and splits UTF-8 lines, keeping partial input across
 * {@linkcode TelnetDecoder.push} calls.
 */
export class TelnetDecoder {
  readonly #max: number;
  #small: number;
  #buf: Uint8Array = EMPTY;
  #len = 0;
  #state = S_DATA;
  #verb = 0;
  #afterCr = false;
  #discarding = false;
  #options = new TelnetOptions();
  // The next line is a secret: echo nothing of it.
  #secret = false;
  // Sub-negotiation: the option (-1 when its content is skipped), and NAWS's
  // four bytes as they arrive.
  #sbOption = -1;
  #sbBytes = 0;
  #sbValue = 0;
  #width = 0;

  /** Creates a decoder; throws RangeError unless maxLineBytes is a positive integer. */
  constructor(options: TelnetDecoderOptions = {}) {
    const max = options.maxLineBytes ?? 8192;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer: ${max}`);
    }
    this.#max = max;
    this.#small = Math.min(SMALL_CAPACITY, max);
  }

  /** Bytes of the pending, not yet terminated line. */
  get bufferedBytes(): number {
    return this.#len;
  }

  /** Current size of the line buffer: 0 between lines, never above maxLineBytes. */
  get capacity(): number {
    return this.#buf.length;
  }

  /** The client's window width in columns (NAWS), or 80 when unknown. */
  get width(): number {
    return usableWidth(this.#width);
  }

  /** The negotiated options, for tests and diagnostics. */
  get options(): TelnetOptions {
    return this.#options;
  }

  /** The server's opening negotiation, to write when the client connects. */
  open(): Uint8Array {
    return this.#options.open();
  }

  /**
   * Keeps the next line from showing: asks the client to stop echoing (IAC
   * WILL ECHO) unless the server echoes already. Returns the bytes to send.
   * When that line ends, echo goes back to how it was.
   */
  hideNextLine(): Uint8Array {
    this.#secret = true;
    return this.#options.setEcho(true) ?? EMPTY;
  }

  /** Feeds one chunk from the socket and returns what it completed, in order. */
  push(chunk: Uint8Array): TelnetEvent[] {
    const events: TelnetEvent[] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const b = chunk[i];
      switch (this.#state) {
        case S_DATA:
          if (SPECIAL[b] === 0 && !this.#afterCr) {
            let j = i + 1;
            while (j < n && SPECIAL[chunk[j]] === 0) j++;
            this.#appendRun(chunk, i, j, events);
            i = j;
            continue;
          }
          if (b === IAC) this.#state = S_IAC;
          else this.#dataByte(b, events);
          break;
        case S_IAC:
          this.#state = S_DATA;
          this.#command(b, events);
          break;
        case S_OPTION:
          this.#state = S_DATA;
          this.#reply(events, this.#options.receive(this.#verb, b));
          break;
        case S_SB_OPTION:
          // Taken as is, even 0xFF (EXOPL), as libtelnet does.
          this.#state = S_SB;
          this.#sbOption = b === NAWS ? NAWS : -1;
          this.#sbBytes = 0;
          this.#sbValue = 0;
          break;
        case S_SB: {
          if (this.#sbOption === NAWS && b !== IAC) {
            this.#sbByte(b);
            break;
          }
          // Other sub-negotiations are never kept, so an endless SB costs nothing.
          const at = chunk.indexOf(IAC, i);
          if (at === -1) return events;
          i = at;
          this.#state = S_SB_IAC;
          break;
        }
        case S_SB_IAC:
          if (b === SE) {
            this.#state = S_DATA;
            this.#endSb();
          } else {
            // IAC IAC is a 255 in the content; IAC anything else is junk.
            this.#state = S_SB;
            if (b === IAC && this.#sbOption === NAWS) this.#sbByte(b);
          }
          break;
      }
      i++;
    }
    return events;
  }

  #command(b: number, events: TelnetEvent[]): void {
    switch (b) {
      case IAC:
        this.#dataByte(IAC, events);
        return;
      case WILL:
      case WONT:
      case DO:
      case DONT:
        this.#verb = b;
        this.#state = S_OPTION;
        return;
      case SB:
        this.#state = S_SB_OPTION;
        return;
      case EC:
        this.#eraseChar(events);
        return;
      case EL:
        this.#eraseLine(events);
        return;
      case IP:
      case BRK:
      case ABORT:
        this.#interrupt(events);
        return;
      case AYT:
        events.push({ type: "are_you_there" });
        return;
    }
    // NOP, GA, DM, AO, EOF, SUSP and unknown commands mean nothing to a line
    // reader; see the codec's module doc.
  }

  #dataByte(b: number, events: TelnetEvent[]): void {
    if (this.#afterCr) {
      this.#afterCr = false;
      if (b === LF || b === NUL) return;
    }
    switch (b) {
      case LF:
        this.#endLine(events);
        return;
      case CR:
        this.#endLine(events);
        this.#afterCr = true;
        return;
      case NUL:
        return;
      case BS:
      case DEL:
        this.#eraseChar(events);
        return;
      case ETX:
        this.#interrupt(events);
        return;
    }
    if (this.#discarding) return;
    if (this.#len >= this.#max) return this.#tooLong(events);
    if (this.#len === this.#buf.length) this.#grow(this.#len + 1);
    this.#buf[this.#len++] = b;
    if (b >= 0x20 && this.#echoes()) {
      this.#reply(
        events,
        b === IAC ? Uint8Array.of(IAC, IAC) : Uint8Array.of(b),
      );
    }
  }

  #appendRun(
    src: Uint8Array,
    start: number,
    end: number,
    events: TelnetEvent[],
  ): void {
    if (this.#discarding) return;
    const need = this.#len + (end - start);
    if (need > this.#max) return this.#tooLong(events);
    if (need > this.#buf.length) this.#grow(need);
    const run = src.subarray(start, end);
    this.#buf.set(run, this.#len);
    this.#len = need;
    if (this.#echoes()) this.#reply(events, printable(run));
  }

  #grow(need: number): void {
    let cap = Math.max(this.#buf.length * 2, this.#small);
    while (cap < need) cap *= 2;
    const next = new Uint8Array(Math.min(cap, this.#max));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  #resetLine(): void {
    this.#len = 0;
    this.#buf = EMPTY;
  }

  #tooLong(events: TelnetEvent[]): void {
    events.push({ type: "too_long", limit: this.#max });
    this.#discarding = true;
    this.#resetLine();
  }

  #endLine(events: TelnetEvent[]): void {
    const options = this.#options;
    // The Enter key shows as a new line: echoed by us, or, when the client
    // echoes with its terminal in binary (raw) output, its echo moved the
    // cursor down but not back to the left edge.
    if (options.echoing) this.#reply(events, CRLF);
    else if (options.binaryOut) this.#reply(events, CR_ONLY);
    if (this.#secret) {
      this.#secret = false;
      if (!options.echoAsked) this.#reply(events, options.setEcho(false));
    }
    if (this.#discarding) {
      this.#discarding = false;
      return;
    }
    let text: string;
    try {
      text = UTF8.decode(this.#buf.subarray(0, this.#len));
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      events.push({ type: "invalid_utf8" });
      this.#resetLine();
      return;
    }
    events.push({ type: "line", text });
    this.#resetLine();
  }

  #eraseChar(events: TelnetEvent[]): void {
    if (this.#discarding || this.#len === 0) return;
    const end = this.#len;
    const start = lastCharStart(this.#buf, end);
    if (this.#echoes()) {
      this.#reply(events, rubOut(this.#buf.subarray(start, end)));
    }
    this.#len = start;
  }

  // Erasing the line is what the user asked for; it also ends discarding,
  // so the user starts afresh rather than losing their next line too.
  #eraseLine(events: TelnetEvent[]): void {
    if (this.#echoes() && this.#len > 0) {
      this.#reply(events, rubOut(this.#buf.subarray(0, this.#len)));
    }
    this.#discarding = false;
    this.#resetLine();
  }

  #interrupt(events: TelnetEvent[]): void {
    const discarded = this.#len;
    const garbled = discarded > 0 && cutsCharacter(this.#buf, discarded);
    // The cursor is off the left edge after what we echoed, or after the
    // "^C" a client's own terminal echoes.
    const newline = !this.#options.echoing || discarded > 0 || this.#secret;
    if (this.#secret) {
      this.#secret = false;
      if (!this.#options.echoAsked) {
        this.#reply(events, this.#options.setEcho(false));
      }
    }
    this.#discarding = false;
    this.#resetLine();
    events.push({ type: "interrupt", discarded, garbled, newline });
  }

  #echoes(): boolean {
    return !this.#secret && this.#options.echoing;
  }

  #sbByte(b: number): void {
    // A NAWS longer than four bytes is malformed: it is ignored at SE.
    if (this.#sbBytes++ < 4) this.#sbValue = this.#sbValue * 256 + b;
  }

  #endSb(): void {
    if (this.#sbOption === NAWS && this.#sbBytes === 4) {
      this.#width = Math.floor(this.#sbValue / 65536);
    }
    this.#sbOption = -1;
  }

  // Answers go out in stream order; consecutive ones are merged into one
  // write. A timing mark answered right after an interrupt goes before it:
  // the client drops output until the mark, which would hide the notice.
  #reply(events: TelnetEvent[], bytes: Uint8Array | null): void {
    if (bytes === null || bytes.length === 0) return;
    let at = events.length - 1;
    if (
      events[at]?.type === "interrupt" && bytes.length === 3 &&
      bytes[1] === WILL && bytes[2] === TIMING_MARK
    ) at--;
    const last = events[at];
    if (last?.type === "reply") {
      const merged = new Uint8Array(last.bytes.length + bytes.length);
      merged.set(last.bytes);
      merged.set(bytes, last.bytes.length);
      last.bytes = merged;
    } else {
      events.splice(at + 1, 0, { type: "reply", bytes });
    }
  }
}
