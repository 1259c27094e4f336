/**
 * Incremental telnet input decoder: turns raw socket chunks into lines,
 * negotiation replies and interrupts, with memory bounded by the line cap.
 *
 * @module
 */

const IAC = 0xff;
const DONT = 0xfe;
const DO = 0xfd;
const WONT = 0xfc;
const WILL = 0xfb;
const SB = 0xfa;
const EL = 0xf8;
const EC = 0xf7;
const IP = 0xf4;
const SE = 0xf0;
const OPT_ECHO = 0x01;

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
  /** Negotiation answers the server must write back to the client. */
  | { type: "reply"; bytes: Uint8Array }
  /** IAC IP or Ctrl-C; the pending line is dropped. */
  | { type: "interrupt" };

/**
 * Decodes the client side of a telnet connection: strips negotiation,
 * applies erase characters and splits UTF-8 lines, keeping partial input
 * across {@linkcode TelnetDecoder.push} calls.
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
  // One bit per (DO|WILL, option): an IAC storm gets one reply per pair.
  // Made on the first negotiation; most clients (nc) never negotiate.
  #replied: Uint32Array | null = null;

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
          this.#negotiate(this.#verb, b, events);
          break;
        case S_SB_OPTION:
          // Taken as is, even 0xFF (EXOPL), as libtelnet does.
          this.#state = S_SB;
          break;
        case S_SB: {
          // Sub-negotiation content is never kept, so an endless SB costs nothing.
          const at = chunk.indexOf(IAC, i);
          if (at === -1) return events;
          i = at;
          this.#state = S_SB_IAC;
          break;
        }
        case S_SB_IAC:
          this.#state = b === SE ? S_DATA : S_SB;
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
        this.#eraseChar();
        return;
      case EL:
        this.#abandonLine();
        return;
      case IP:
        this.#interrupt(events);
        return;
    }
    // NOP, GA, AYT, AO, BRK, DM and malformed commands mean nothing to a line reader.
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
        this.#eraseChar();
        return;
      case ETX:
        this.#interrupt(events);
        return;
    }
    if (this.#discarding) return;
    if (this.#len >= this.#max) return this.#tooLong(events);
    if (this.#len === this.#buf.length) this.#grow(this.#len + 1);
    this.#buf[this.#len++] = b;
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
    this.#buf.set(src.subarray(start, end), this.#len);
    this.#len = need;
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

  #eraseChar(): void {
    if (this.#discarding || this.#len === 0) return;
    const buf = this.#buf;
    const end = this.#len;
    let start = end - 1;
    while (start > 0 && end - start < 4 && (buf[start] & 0xc0) === 0x80) {
      start--;
    }
    // Continuation bytes without their lead byte are garbage: drop just one.
    if (start < end - 1 && buf[start] < 0xc0) start = end - 1;
    this.#len = start;
  }

  // Erasing or interrupting abandons the line, including one being discarded,
  // so the user starts afresh rather than losing their next line too.
  #abandonLine(): void {
    this.#discarding = false;
    this.#resetLine();
  }

  #interrupt(events: TelnetEvent[]): void {
    this.#abandonLine();
    events.push({ type: "interrupt" });
  }

  #negotiate(verb: number, option: number, events: TelnetEvent[]): void {
    // The server only ever offers ECHO, so DO ECHO / DONT ECHO answer us and
    // WONT / DONT need no acknowledgement; refuse everything else.
    let answer: number;
    if (verb === DO && option !== OPT_ECHO) answer = WONT;
    else if (verb === WILL) answer = DONT;
    else return;
    const key = (verb === DO ? 256 : 0) + option;
    const mask = 1 << (key & 31);
    const replied = this.#replied ??= new Uint32Array(16);
    if ((replied[key >> 5] & mask) !== 0) return;
    replied[key >> 5] |= mask;
    const last = events[events.length - 1];
    if (last?.type === "reply") {
      const merged = new Uint8Array(last.bytes.length + 3);
      merged.set(last.bytes);
      merged.set([IAC, answer, option], last.bytes.length);
      last.bytes = merged;
    } else {
      events.push({ type: "reply", bytes: Uint8Array.of(IAC, answer, option) });
    }
  }
}
