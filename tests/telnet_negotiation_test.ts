import assert from "node:assert/strict";
import {
  OPENING,
  TelnetDecoder,
  type TelnetEvent,
} from "../lib/telnet/codec.ts";
import {
  BINARY,
  DO,
  DONT,
  ECHO,
  IAC,
  NAWS,
  SGA,
  TIMING_MARK,
  WILL,
  WONT,
} from "../lib/telnet/options.ts";

const SB = 0xfa;
const SE = 0xf0;
const TM = TIMING_MARK;
const IP = 0xf4;
const BRK = 0xf3;
const AO = 0xf5;
const AYT = 0xf6;
const EC = 0xf7;
const EL = 0xf8;
const ABORT = 0xee;

const utf8 = new TextEncoder();

function bytes(...parts: (string | number[])[]): Uint8Array {
  return Uint8Array.from(
    parts.flatMap((p) => typeof p === "string" ? [...utf8.encode(p)] : p),
  );
}

function replies(events: TelnetEvent[]): number[] {
  return events.flatMap((e) => e.type === "reply" ? [...e.bytes] : []);
}

function lines(events: TelnetEvent[]): string[] {
  return events.flatMap((e) => e.type === "line" ? [e.text] : []);
}

/** A decoder that sent the opening offers and got `answer` back. */
function opened(...answer: number[][]): TelnetDecoder {
  const d = new TelnetDecoder();
  d.open();
  assert.deepEqual(replies(d.push(bytes(...answer))), []);
  return d;
}

const AGREES = [
  [IAC, WILL, BINARY],
  [IAC, DO, BINARY],
  [IAC, WILL, NAWS],
];

Deno.test("the opening asks for BINARY both ways and NAWS", () => {
  assert.deepEqual(
    new TelnetDecoder().open(),
    Uint8Array.of(IAC, DO, BINARY, IAC, WILL, BINARY, IAC, DO, NAWS),
  );
  assert.equal(new TelnetDecoder().open(), OPENING);
});

Deno.test("a client agreeing to BINARY gets no further answer and sends 8-bit lines", () => {
  const d = opened(...AGREES);
  assert.ok(d.options.binaryIn && d.options.binaryOut && d.options.naws);
  // Its terminal echoed Enter as a bare LF: a CR goes back before the line.
  const events = d.push(bytes("utf8 check ✓ у ё 中文 ok\n"));
  assert.deepEqual(events, [
    { type: "reply", bytes: Uint8Array.of(13) },
    { type: "line", text: "utf8 check ✓ у ё 中文 ok" },
  ]);
  // Agreeing again (a confused client) changes nothing and is not answered.
  assert.deepEqual(d.push(bytes([IAC, WILL, BINARY, IAC, DO, BINARY])), []);
});

Deno.test("a client answering WONT BINARY keeps working as before", () => {
  const d = opened(
    [IAC, WONT, BINARY],
    [IAC, DONT, BINARY],
    [IAC, WONT, NAWS],
  );
  assert.ok(!d.options.binaryIn && !d.options.binaryOut && !d.options.naws);
  assert.equal(d.width, 80);
  // No CR: its output is not binary, so its terminal echoed CR LF itself.
  assert.deepEqual(d.push(bytes("héllo\r\nok\r\n")), [
    { type: "line", text: "héllo" },
    { type: "line", text: "ok" },
  ]);
  // The 8-bit trap: `✓` (e2 9c 93) typed into a client not in binary mode
  // arrives as e2, IAC BRK, IAC DO TIMING-MARK, 93. The user is told.
  const events = d.push(
    bytes("check ", [0xe2, IAC, BRK, IAC, DO, TM, 0x93], " here\r\n"),
  );
  assert.deepEqual(events, [
    { type: "reply", bytes: Uint8Array.of(IAC, WILL, TM) },
    { type: "interrupt", discarded: 7, garbled: true, newline: true },
    { type: "invalid_utf8" },
  ]);
  // Changing its mind later is welcome, and answered once.
  assert.deepEqual(replies(d.push(bytes([IAC, WILL, BINARY]))), [
    IAC,
    DO,
    BINARY,
  ]);
  assert.deepEqual(d.push(bytes([IAC, WILL, BINARY])), []);
  assert.ok(d.options.binaryIn);
});

Deno.test("a client that never negotiates (nc, socat) gets lines and no replies", () => {
  const d = new TelnetDecoder();
  d.open();
  const events = d.push(bytes("hello\nwörld ✓\n\npart"));
  assert.deepEqual(events, [
    { type: "line", text: "hello" },
    { type: "line", text: "wörld ✓" },
    { type: "line", text: "" },
  ]);
  assert.deepEqual(d.push(bytes("ial\n")), [{ type: "line", text: "partial" }]);
  // A password prompt asks once; with no answer nothing more is sent, and
  // nothing is ever echoed to a client that echoes itself.
  assert.deepEqual(d.hideNextLine(), Uint8Array.of(IAC, WILL, ECHO));
  assert.deepEqual(d.push(bytes("secret\n")), [
    { type: "line", text: "secret" },
  ]);
  assert.deepEqual(d.hideNextLine(), new Uint8Array(0));
  assert.deepEqual(d.push(bytes("again\nchat\n")), [
    { type: "line", text: "again" },
    { type: "line", text: "chat" },
  ]);
});

Deno.test("ECHO: a password prompt turns the client's echo off and back on", () => {
  const d = opened(...AGREES);
  assert.deepEqual(d.hideNextLine(), Uint8Array.of(IAC, WILL, ECHO));
  assert.deepEqual(d.push(bytes([IAC, DO, ECHO])), []);
  assert.ok(d.options.echoing);
  // Nothing of the secret is echoed; Enter becomes CRLF, then WONT ECHO.
  assert.deepEqual(d.push(bytes("pw")), []);
  assert.deepEqual(d.push(bytes("\r\n")), [
    { type: "reply", bytes: Uint8Array.of(13, 10, IAC, WONT, ECHO) },
    { type: "line", text: "pw" },
  ]);
  // The repeat prompt comes before the client answered WONT: the WILL waits
  // for that answer instead of crossing it (RFC 1143).
  assert.deepEqual(d.hideNextLine(), new Uint8Array(0));
  assert.deepEqual(replies(d.push(bytes([IAC, DONT, ECHO]))), [
    IAC,
    WILL,
    ECHO,
  ]);
  assert.deepEqual(d.push(bytes([IAC, DO, ECHO])), []);
  assert.ok(d.options.echoing && !d.options.echoAsked);
  assert.deepEqual(replies(d.push(bytes("pw\n"))), [13, 10, IAC, WONT, ECHO]);
  assert.deepEqual(d.push(bytes([IAC, DONT, ECHO])), []);
  assert.ok(!d.options.echoing);
  // A client refusing to let the server echo keeps echoing itself.
  assert.deepEqual(d.hideNextLine(), Uint8Array.of(IAC, WILL, ECHO));
  assert.deepEqual(d.push(bytes([IAC, DONT, ECHO])), []);
  assert.deepEqual(d.push(bytes("shown\n")), [
    { type: "reply", bytes: Uint8Array.of(13) },
    { type: "line", text: "shown" },
  ]);
});

Deno.test("SGA and ECHO asked for by a character-mode client: the server echoes", () => {
  const d = opened(...AGREES);
  assert.deepEqual(replies(d.push(bytes([IAC, DO, SGA, IAC, DO, ECHO]))), [
    IAC,
    WILL,
    SGA,
    IAC,
    WILL,
    ECHO,
  ]);
  assert.deepEqual(replies(d.push(bytes([IAC, WILL, SGA]))), [IAC, DO, SGA]);
  assert.ok(d.options.echoing && d.options.echoAsked);
  // Key by key, as typed: each is echoed, erasing rubs out whole columns.
  const typed = [..."hellx"].map((c) => d.push(bytes(c)));
  assert.deepEqual(typed.map(replies).flat(), [...utf8.encode("hellx")]);
  assert.deepEqual(replies(d.push(bytes([0x7f]))), [...utf8.encode("\b \b")]);
  assert.deepEqual(replies(d.push(bytes("o 中"))), [...utf8.encode("o 中")]);
  assert.deepEqual(replies(d.push(bytes([0x08]))), [
    ...utf8.encode("\b\b  \b\b"),
  ]);
  assert.deepEqual(replies(d.push(bytes("\x1b[A!"))), [...utf8.encode("[A!")]);
  // Enter arrives as CR NUL; nothing was a line before it.
  assert.deepEqual(d.push(bytes("\r\0")), [
    { type: "reply", bytes: Uint8Array.of(13, 10) },
    { type: "line", text: "hello \x1b[A!" },
  ]);
  // A password needs no negotiation now: it is simply not echoed.
  assert.deepEqual(d.hideNextLine(), new Uint8Array(0));
  assert.deepEqual(d.push(bytes("s3")), []);
  assert.deepEqual(d.push(bytes("\r\0")), [
    { type: "reply", bytes: Uint8Array.of(13, 10) },
    { type: "line", text: "s3" },
  ]);
  // The first key after Enter (CR) is echoed too.
  assert.deepEqual(replies(d.push(bytes("\rx"))), [13, 10, 0x78]);
  d.push(bytes([0x15])); // Ctrl-U: no echo, the line is typed afresh
  d.push(bytes([IAC, EL]));
  assert.deepEqual(replies(d.push(bytes("x"))), [0x78]);
  // IAC EL rubs out the pending line; DONT ECHO hands echo back.
  assert.deepEqual(replies(d.push(bytes("yz", [IAC, EL]))), [
    ...utf8.encode("yz\b\b\b   \b\b\b"),
  ]);
  assert.deepEqual(replies(d.push(bytes([IAC, DONT, ECHO]))), [
    IAC,
    WONT,
    ECHO,
  ]);
  assert.ok(!d.options.echoing && !d.options.echoAsked);
  assert.deepEqual(replies(d.push(bytes("quiet"))), []);
});

Deno.test("NAWS sets the width, with an IAC-escaped 255, split anywhere", () => {
  const cases: [number[], number][] = [
    [[0, 100, 0, 40], 100],
    [[0, IAC, IAC, 0, 24], 255],
    [[1, IAC, IAC, 0, 24], 511],
    [[0, 0, 0, 0], 80], // 0: unknown
    [[0, 5, 0, 5], 20], // clamped to something wrappable
    [[0, 80, 0, 24, 7], 80], // five bytes: malformed, ignored
  ];
  for (const [payload, width] of cases) {
    const data = bytes([IAC, SB, NAWS, ...payload, IAC, SE], "a\n");
    for (let cut = 0; cut <= data.length; cut++) {
      const d = opened([IAC, WILL, NAWS]);
      const events = [
        ...d.push(data.subarray(0, cut)),
        ...d.push(data.subarray(cut)),
      ];
      assert.deepEqual(lines(events), ["a"], `payload ${payload} cut ${cut}`);
      assert.equal(d.width, width, `payload ${payload} cut ${cut}`);
    }
  }
  // A resize later wins.
  const d = opened([IAC, WILL, NAWS]);
  d.push(bytes([IAC, SB, NAWS, 0, 132, 0, 50, IAC, SE]));
  d.push(bytes([IAC, SB, NAWS, 0, 60, 0, 50, IAC, SE]));
  assert.equal(d.width, 60);
});

Deno.test("DO TIMING-MARK is answered every time, in stream order", () => {
  const d = opened(...AGREES);
  const events = d.push(bytes("a\n", [IAC, DO, TM], "b\n", [IAC, DO, TM]));
  assert.deepEqual(events.map((e) => e.type), [
    "reply",
    "line",
    "reply",
    "line",
    "reply",
  ]);
  assert.deepEqual(replies(events), [13, IAC, WILL, TM, 13, IAC, WILL, TM]);
  // The client's WILL TIMING-MARK is refused once, like any unknown option.
  assert.deepEqual(replies(d.push(bytes([IAC, WILL, TM]))), [IAC, DONT, TM]);
});

Deno.test("IP, BRK, ABORT and Ctrl-C interrupt and say what they discarded", () => {
  for (const command of [[IAC, IP], [IAC, BRK], [IAC, ABORT], [3]]) {
    const d = opened(...AGREES);
    // Line mode: the client sends IP then DO TIMING-MARK and drops output
    // until the mark is answered, so the answer goes first.
    const events = d.push(bytes("typed", command, [IAC, DO, TM], "next\n"));
    assert.deepEqual(events, [
      { type: "reply", bytes: Uint8Array.of(IAC, WILL, TM) },
      { type: "interrupt", discarded: 5, garbled: false, newline: true },
      { type: "reply", bytes: Uint8Array.of(13) },
      { type: "line", text: "next" },
    ], `command ${command}`);
  }
  // With the server echoing, nothing typed: the cursor is at the left edge.
  const d = opened(...AGREES);
  d.push(bytes([IAC, DO, ECHO]));
  assert.deepEqual(d.push(bytes([3])), [
    { type: "interrupt", discarded: 0, garbled: false, newline: false },
  ]);
  // An interrupted password prompt gives echo back.
  const p = opened(...AGREES);
  p.hideNextLine();
  p.push(bytes([IAC, DO, ECHO]));
  assert.deepEqual(p.push(bytes("pass", [IAC, IP])), [
    { type: "reply", bytes: Uint8Array.of(IAC, WONT, ECHO) },
    { type: "interrupt", discarded: 4, garbled: false, newline: true },
  ]);
});

Deno.test("AYT is reported; AO, EC and EL act as documented", () => {
  const d = opened(...AGREES);
  assert.deepEqual(d.push(bytes("ab", [IAC, AYT], "c\n")), [
    { type: "are_you_there" },
    { type: "reply", bytes: Uint8Array.of(13) },
    { type: "line", text: "abc" },
  ]);
  // AO is ignored: the line goes on.
  assert.deepEqual(lines(d.push(bytes("ab", [IAC, AO], "c\n"))), ["abc"]);
  // EC erases one character (a whole UTF-8 one), EL the pending line.
  assert.deepEqual(lines(d.push(bytes("ab✓", [IAC, EC], "c\n"))), ["abc"]);
  assert.deepEqual(lines(d.push(bytes("gone", [IAC, EL], "kept\n"))), [
    "kept",
  ]);
});
