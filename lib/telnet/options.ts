/**
 * Telnet option negotiation (RFC 854/855) for one connection, kept loop-free
 * the way RFC 1143 describes: each option the server supports has a state per
 * side (NO, YES, WANTNO, WANTYES), a reply is sent only when a state changes,
 * and an answer to our own request is never answered again.
 *
 * "us" options are the server's (the client says DO/DONT), "him" options are
 * the client's (it says WILL/WONT). What the server accepts:
 *
 * | option          | us (server)                          | him (client)            |
 * | --------------- | ------------------------------------ | ----------------------- |
 * | BINARY (0)      | offered at connect (8-bit output)    | asked for at connect    |
 * | ECHO (1)        | accepted: the server echoes input    | refused                 |
 * | SGA (3)         | accepted (we never send GA)          | accepted                |
 * | TIMING-MARK (6) | DO answered WILL, stateless          | refused                 |
 * | NAWS (31)       | refused                              | asked for at connect    |
 * | anything else   | refused once per option              | refused once per option |
 *
 * @module
 */

/** Interpret As Command. */
export const IAC = 0xff;
/** Negotiation verbs. */
export const DONT = 0xfe, DO = 0xfd, WONT = 0xfc, WILL = 0xfb;
/** Option numbers. */
export const BINARY = 0, ECHO = 1, SGA = 3, TIMING_MARK = 6, NAWS = 31;

const NO = 0;
const YES = 1;
const WANTNO = 2;
const WANTYES = 3;
// Added to WANTNO/WANTYES: the opposite was asked for meanwhile, and is
// requested once the client has answered (RFC 1143's queue bit).
const OPPOSITE = 4;

// What a received request makes us send.
const SILENT = 0;
const AGREE = 1;
const REFUSE = 2;

// One slot per (side, option) the server takes part in.
const US_BINARY = 0;
const US_ECHO = 1;
const US_SGA = 2;
const HIM_BINARY = 3;
const HIM_SGA = 4;
const HIM_NAWS = 5;

function usSlot(option: number): number {
  if (option === BINARY) return US_BINARY;
  if (option === ECHO) return US_ECHO;
  if (option === SGA) return US_SGA;
  return -1;
}

function himSlot(option: number): number {
  if (option === BINARY) return HIM_BINARY;
  if (option === SGA) return HIM_SGA;
  if (option === NAWS) return HIM_NAWS;
  return -1;
}

/** What the server asks for when a client connects: 8-bit both ways, and the window size. */
export const OPENING: Uint8Array = Uint8Array.of(
  IAC,
  DO,
  BINARY,
  IAC,
  WILL,
  BINARY,
  IAC,
  DO,
  NAWS,
);

/** The negotiated state of one connection. */
export class TelnetOptions {
  // Three bits per slot in one number: no array per connection.
  #bits = 0;
  // The client asked us to echo (DO ECHO), as character-mode clients do;
  // otherwise ECHO is on only while a secret is typed.
  #echoAsked = false;
  // One bit per (verb, option) refused: a storm of requests gets one answer.
  // Made on the first refusal; most clients never get one.
  #refused: Uint32Array | null = null;

  /** Marks the opening offers as sent; returns their bytes. */
  open(): Uint8Array {
    this.#set(HIM_BINARY, WANTYES);
    this.#set(US_BINARY, WANTYES);
    this.#set(HIM_NAWS, WANTYES);
    return OPENING;
  }

  /** Whether the server echoes what the client types: it agreed to WILL ECHO. */
  get echoing(): boolean {
    return this.#get(US_ECHO) === YES;
  }

  /** Whether the client asked the server to echo (character mode). */
  get echoAsked(): boolean {
    return this.#echoAsked;
  }

  /** Whether our output is in binary mode (the client said DO BINARY). */
  get binaryOut(): boolean {
    return this.#get(US_BINARY) === YES;
  }

  /** Whether the client's input is in binary mode (it said WILL BINARY). */
  get binaryIn(): boolean {
    return this.#get(HIM_BINARY) === YES;
  }

  /** Whether the client agreed to report its window size. */
  get naws(): boolean {
    return this.#get(HIM_NAWS) === YES;
  }

  /**
   * Turns server echo on or off; returns the request to send, if any. While
   * an earlier request is unanswered the change waits for the answer, so a
   * quick WONT-then-WILL never crosses the client's replies.
   */
  setEcho(on: boolean): Uint8Array | null {
    const s = this.#get(US_ECHO);
    const base = s & 3;
    let next = s;
    let send = false;
    if (base === NO || base === YES) {
      if ((base === YES) !== on) {
        next = on ? WANTYES : WANTNO;
        send = true;
      }
    } else {
      // Negotiating: queue the opposite, or cancel a queued one.
      const pending = base === WANTYES;
      next = pending === on ? base : base | OPPOSITE;
    }
    this.#set(US_ECHO, next);
    return send ? Uint8Array.of(IAC, on ? WILL : WONT, ECHO) : null;
  }

  /** Takes one `IAC verb option` from the client; returns the answer to send, if any. */
  receive(verb: number, option: number): Uint8Array | null {
    if (verb === DO && option === TIMING_MARK) {
      // Everything before the mark was processed: say so (RFC 860).
      return Uint8Array.of(IAC, WILL, TIMING_MARK);
    }
    const us = verb === DO || verb === DONT;
    const on = verb === DO || verb === WILL;
    const slot = us ? usSlot(option) : himSlot(option);
    if (slot === -1) return on ? this.#refuse(verb, option) : null;
    const s = this.#get(slot);
    const [next, send] = on ? enable(s) : disable(s);
    this.#set(slot, next);
    if (slot === US_ECHO) {
      // An unprompted DO ECHO is a request; DONT ECHO ends it.
      if (on && s === NO) this.#echoAsked = true;
      if (!on) this.#echoAsked = false;
    }
    if (send === SILENT) return null;
    // Agreeing is WILL for our side, DO for the client's.
    const yes = send === AGREE;
    return Uint8Array.of(
      IAC,
      us ? (yes ? WILL : WONT) : (yes ? DO : DONT),
      option,
    );
  }

  #get(slot: number): number {
    return (this.#bits >> (slot * 3)) & 7;
  }

  #set(slot: number, state: number): void {
    this.#bits = (this.#bits & ~(7 << (slot * 3))) | (state << (slot * 3));
  }

  #refuse(verb: number, option: number): Uint8Array | null {
    const key = (verb === DO ? 256 : 0) + option;
    const mask = 1 << (key & 31);
    const refused = this.#refused ??= new Uint32Array(16);
    if ((refused[key >> 5] & mask) !== 0) return null;
    refused[key >> 5] |= mask;
    return Uint8Array.of(IAC, verb === DO ? WONT : DONT, option);
  }
}

// RFC 1143 for an option the server supports, on WILL/DO from the client:
// the next state and what to send.
function enable(s: number): [number, number] {
  switch (s) {
    case NO:
      return [YES, AGREE];
    case WANTNO: // Our WONT/DONT answered by WILL/DO: a broken client.
      return [NO, SILENT];
    case WANTNO | OPPOSITE:
      return [YES, SILENT];
    case WANTYES | OPPOSITE: // Agreed, but we changed our mind meanwhile.
      return [WANTNO, REFUSE];
    default: // YES, or WANTYES answered.
      return [YES, SILENT];
  }
}

// The same on WONT/DONT: the client refuses or turns the option off.
function disable(s: number): [number, number] {
  switch (s) {
    case YES:
      return [NO, REFUSE];
    case WANTNO | OPPOSITE: // Acknowledged; now ask for what was queued.
      return [WANTYES, AGREE];
    default: // NO, WANTNO answered, or WANTYES refused.
      return [NO, SILENT];
  }
}
