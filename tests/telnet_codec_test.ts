import assert from "node:assert/strict";
import fc from "fast-check";
import {
  encodeLine,
  encodeText,
  escapeIac,
  TelnetDecoder,
  type TelnetEvent,
} from "../lib/telnet/codec.ts";

const IAC = 0xff;
const DONT = 0xfe;
const DO = 0xfd;
const WONT = 0xfc;
const WILL = 0xfb;
const SB = 0xfa;
const SE = 0xf0;
const ECHO = 1;
const SGA = 3;
const NAWS = 31;

const utf8 = new TextEncoder();

function bytes(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  const arrays = parts.map((p) =>
    typeof p === "string" ? utf8.encode(p) : Uint8Array.from(p)
  );
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function feed(decoder: TelnetDecoder, chunks: Uint8Array[]): TelnetEvent[] {
  return chunks.flatMap((c) => decoder.push(c));
}

/** Splits `data` at the given (unsorted, possibly out of range) offsets. */
function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))]
    .sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(data.subarray(from, p));
    from = p;
  }
  chunks.push(data.subarray(from));
  return chunks;
}

/** Every way of cutting `data` in two, plus byte-by-byte. */
function everySplit(data: Uint8Array): Uint8Array[][] {
  const ways: Uint8Array[][] = [];
  for (let i = 0; i <= data.length; i++) {
    ways.push([data.subarray(0, i), data.subarray(i)]);
  }
  ways.push([...data].map((b) => Uint8Array.of(b)));
  return ways;
}

function lines(events: TelnetEvent[]): string[] {
  return events.flatMap((e) => e.type === "line" ? [e.text] : []);
}

function replyBytes(events: TelnetEvent[]): number[] {
  return events.flatMap((e) => e.type === "reply" ? [...e.bytes] : []);
}

/** Any Unicode text without C0 controls or DEL, which the decoder acts on. */
function printable(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: "binary", maxLength }).filter((s) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x7f) return false;
    }
    return true;
  });
}

function decodeAll(data: Uint8Array, max?: number): TelnetEvent[] {
  return new TelnetDecoder({ maxLineBytes: max }).push(data);
}

Deno.test("TelnetDecoder splits plain LF lines", () => {
  const d = new TelnetDecoder();
  assert.deepEqual(d.push(bytes("hello\nworld\n\npartial")), [
    { type: "line", text: "hello" },
    { type: "line", text: "world" },
    { type: "line", text: "" },
  ]);
  assert.equal(d.bufferedBytes, 7);
  assert.deepEqual(d.push(bytes(" line\n")), [
    { type: "line", text: "partial line" },
  ]);
  assert.equal(d.bufferedBytes, 0);
});

Deno.test("TelnetDecoder accepts CRLF and CR NUL line ends", () => {
  assert.deepEqual(lines(decodeAll(bytes("a\r\nb\r\n\r\nc\r\0d\r\0"))), [
    "a",
    "b",
    "",
    "c",
    "d",
  ]);
});

Deno.test("TelnetDecoder swallows LF or NUL after a lone CR in the next push", () => {
  const d = new TelnetDecoder();
  assert.deepEqual(lines(d.push(bytes("one\r"))), ["one"]);
  assert.deepEqual(lines(d.push(bytes("\ntwo\r"))), ["two"]);
  assert.deepEqual(lines(d.push(bytes("\0three\r"))), ["three"]);
  assert.deepEqual(lines(d.push(bytes("four\r\r\n"))), ["four", ""]);
  // Only the byte right after CR is swallowed.
  assert.deepEqual(lines(d.push(bytes("five\r\0\n"))), ["five", ""]);
});

Deno.test("TelnetDecoder drops NUL bytes inside a line", () => {
  assert.deepEqual(lines(decodeAll(bytes("a\0b", [0, 0], "c\n"))), ["abc"]);
});

Deno.test("TelnetDecoder strips IAC negotiation", () => {
  const data = bytes(
    "he",
    [IAC, DONT, SGA],
    "l",
    [IAC, WONT, NAWS],
    "lo",
    [IAC, 0xf1], // NOP
    [IAC, 0xf9], // GA
    "\r\n",
  );
  assert.deepEqual(lines(decodeAll(data)), ["hello"]);
});

Deno.test("TelnetDecoder strips IAC sequences split at every byte boundary", () => {
  const data = bytes(
    "a",
    [IAC, DO, SGA, IAC, WILL, NAWS],
    [IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE],
    "b",
    [IAC, 0xf1],
    "c\r\n",
  );
  for (const chunks of everySplit(data)) {
    const events = feed(new TelnetDecoder(), chunks);
    assert.deepEqual(lines(events), ["abc"]);
    // Both are options the server takes part in: agreed to.
    assert.deepEqual(replyBytes(events), [IAC, WILL, SGA, IAC, DO, NAWS]);
  }
});

Deno.test("TelnetDecoder turns IAC IAC into a 0xFF data byte", () => {
  const d = new TelnetDecoder();
  // A lone 0xFF byte is not UTF-8, so it shows up as invalid input.
  assert.deepEqual(d.push(bytes("x", [IAC, IAC], "\n")), [
    { type: "invalid_utf8" },
  ]);
  // Split across pushes, IAC IAC still adds exactly one byte to the line.
  d.push(bytes("y", [IAC]));
  assert.equal(d.bufferedBytes, 1);
  d.push(bytes([IAC]));
  assert.equal(d.bufferedBytes, 2);
});

Deno.test("TelnetDecoder skips SB ... SE sub-negotiation, split anywhere", () => {
  const data = bytes(
    "be",
    [IAC, SB, NAWS, 0, 80, IAC, IAC, 24],
    "\r\nnot a line\n",
    [IAC, WILL, IAC, SE],
    "fo",
    [IAC, SB, IAC, 1, IAC, IAC, SE, IAC, SE], // option 255 is not an IAC
    "re\n",
  );
  for (const chunks of everySplit(data)) {
    const events = feed(new TelnetDecoder(), chunks);
    assert.deepEqual(events, [{ type: "line", text: "before" }]);
  }
});

Deno.test("TelnetDecoder keeps an endless SB bounded", () => {
  const d = new TelnetDecoder();
  assert.deepEqual(d.push(bytes("x", [IAC, SB, 24])), []);
  const junk = new Uint8Array(64 * 1024).fill(0x41);
  junk[100] = 0x0a;
  junk[200] = IAC; // IAC followed by a non-SE byte stays inside SB
  for (let i = 0; i < 160; i++) {
    assert.deepEqual(d.push(junk), []);
    assert.equal(d.bufferedBytes, 1);
    assert.ok(d.capacity <= 256);
  }
  assert.deepEqual(lines(d.push(bytes([IAC, SE], "y\n"))), ["xy"]);
});

Deno.test("TelnetDecoder refuses unknown options once per pair", () => {
  const d = new TelnetDecoder();
  const TTYPE = 24;
  const LINEMODE = 34;
  const storm = bytes(
    [IAC, DO, TTYPE, IAC, DO, TTYPE, IAC, WILL, TTYPE, IAC, WILL, TTYPE],
    [IAC, WONT, LINEMODE, IAC, DONT, LINEMODE],
    [IAC, WILL, ECHO], // the client may not echo for the server
  );
  const events = d.push(storm);
  assert.deepEqual(events, [{
    type: "reply",
    bytes: Uint8Array.of(
      IAC,
      WONT,
      TTYPE,
      IAC,
      DONT,
      TTYPE,
      IAC,
      DONT,
      ECHO,
    ),
  }]);
  for (let i = 0; i < 100; i++) assert.deepEqual(d.push(storm), []);
  // A pair not seen before still gets its answer.
  assert.deepEqual(d.push(bytes([IAC, DO, LINEMODE])), [{
    type: "reply",
    bytes: Uint8Array.of(IAC, WONT, LINEMODE),
  }]);
});

Deno.test("TelnetDecoder keeps replies and lines in stream order", () => {
  const events = decodeAll(bytes("a\n", [IAC, DO, 24], "b\n"));
  assert.deepEqual(events.map((e) => e.type), ["line", "reply", "line"]);
});

Deno.test("TelnetDecoder applies backspace and DEL to whole characters", () => {
  assert.deepEqual(lines(decodeAll(bytes("abc\x08\x7fd\n"))), ["ad"]);
  assert.deepEqual(lines(decodeAll(bytes("\x08\x7fx\n"))), ["x"]);
  assert.deepEqual(lines(decodeAll(bytes("caf\u00e9\x08e\n"))), ["cafe"]);
  assert.deepEqual(lines(decodeAll(bytes("hi\u{1F44B}\x7f!\n"))), ["hi!"]);
  assert.deepEqual(lines(decodeAll(bytes("\u20ac\u{1F44B}\x08\x08x\n"))), [
    "x",
  ]);
  // A stray continuation byte is erased alone, not with the character before.
  assert.deepEqual(lines(decodeAll(bytes("a", [0xa9], "\x08\n"))), ["a"]);
  // Backspace split from the character it erases.
  const d = new TelnetDecoder();
  d.push(bytes("a\u{1F44B}"));
  assert.deepEqual(lines(d.push(bytes("\x08\n"))), ["a"]);
});

Deno.test("TelnetDecoder handles IAC EC, IAC EL and interrupts", () => {
  const d = new TelnetDecoder();
  assert.deepEqual(lines(d.push(bytes("ab\u00e9", [IAC, 0xf7], "c\n"))), [
    "abc",
  ]);
  assert.deepEqual(lines(d.push(bytes("junk", [IAC, 0xf8], "ok\n"))), ["ok"]);
  const interrupt = (discarded: number) => ({
    type: "interrupt",
    discarded,
    garbled: false,
    newline: true,
  });
  assert.deepEqual(d.push(bytes("typed", [IAC, 0xf4], "next\n")), [
    interrupt(5),
    { type: "line", text: "next" },
  ]);
  assert.deepEqual(d.push(bytes("\x03")), [interrupt(0)]);
  assert.deepEqual(d.push(bytes("half\x03")), [interrupt(4)]);
  assert.equal(d.bufferedBytes, 0);
});

Deno.test("TelnetDecoder decodes UTF-8 split at every offset", () => {
  for (const text of ["\u00e9", "\u{1F44B}", "na\u00efve \u{1F44B} \u20ac"]) {
    const data = bytes(text, "\r\n");
    for (const chunks of everySplit(data)) {
      assert.deepEqual(feed(new TelnetDecoder(), chunks), [
        { type: "line", text },
      ]);
    }
  }
});

Deno.test("TelnetDecoder reports invalid UTF-8 and continues", () => {
  const d = new TelnetDecoder();
  assert.deepEqual(
    d.push(bytes("bad", [0xc3], "\nok\n", [0xed, 0xa0, 0x80], "\n")),
    [
      { type: "invalid_utf8" },
      { type: "line", text: "ok" },
      { type: "invalid_utf8" }, // an encoded surrogate
    ],
  );
  // A truncated sequence at line end is invalid, not carried into the next line.
  assert.deepEqual(d.push(bytes([0xf0, 0x9f], "\n\u00e9\n")), [
    { type: "invalid_utf8" },
    { type: "line", text: "\u00e9" },
  ]);
});

Deno.test("TelnetDecoder emits too_long once and the next line is fine", () => {
  const d = new TelnetDecoder({ maxLineBytes: 10 });
  assert.deepEqual(lines(d.push(bytes("0123456789\n"))), ["0123456789"]);
  assert.deepEqual(d.push(bytes("0123456789")), []);
  assert.deepEqual(d.push(bytes("x")), [{ type: "too_long", limit: 10 }]);
  assert.deepEqual(d.push(bytes("more and more")), []);
  assert.deepEqual(d.push(bytes("\r\nnext\r\n")), [
    { type: "line", text: "next" },
  ]);
  // Exceeded within one chunk, and backspace cannot bring a discarded line back.
  assert.deepEqual(
    d.push(bytes("abcdefghijklmnop\x08\x08\x08\x08\x08\x08\n")),
    [
      { type: "too_long", limit: 10 },
    ],
  );
  assert.deepEqual(lines(d.push(bytes("fine\n"))), ["fine"]);
});

Deno.test("TelnetDecoder keeps 10 MB without newline within the cap", () => {
  const d = new TelnetDecoder();
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const events: TelnetEvent[] = [];
  for (let sent = 0; sent < 10 * 1024 * 1024; sent += chunk.length) {
    events.push(...d.push(chunk));
    assert.ok(d.bufferedBytes <= 8192);
    assert.ok(d.capacity <= 8192);
  }
  assert.deepEqual(events, [{ type: "too_long", limit: 8192 }]);
  assert.deepEqual(d.push(bytes("\nok\n")), [{ type: "line", text: "ok" }]);
  assert.equal(d.capacity, 0);
});

Deno.test("TelnetDecoder grows its buffer by need and drops it between lines", () => {
  const d = new TelnetDecoder();
  // An idle connection holds no line buffer at all.
  assert.equal(d.capacity, 0);
  d.push(bytes("ab"));
  assert.equal(d.capacity, 256);
  assert.deepEqual(d.push(bytes("\n")), [{ type: "line", text: "ab" }]);
  assert.equal(d.capacity, 0);
  d.push(new Uint8Array(1000).fill(0x62));
  assert.equal(d.bufferedBytes, 1000);
  assert.equal(d.capacity, 1024);
  for (let i = 0; i < 1000; i++) d.push(Uint8Array.of(0x62));
  assert.equal(d.capacity, 2048);
  assert.equal(lines(d.push(bytes("\n")))[0].length, 2000);
  assert.equal(d.capacity, 0);
  // An odd cap is reached exactly, never exceeded.
  const small = new TelnetDecoder({ maxLineBytes: 300 });
  small.push(new Uint8Array(300).fill(0x63));
  assert.equal(small.capacity, 300);
  assert.equal(lines(small.push(bytes("\n")))[0].length, 300);
  assert.throws(() => new TelnetDecoder({ maxLineBytes: 0 }), RangeError);
});

Deno.test("encodeLine uses CRLF and escapes IAC", () => {
  assert.deepEqual(encodeLine("hi"), bytes("hi\r\n"));
  assert.deepEqual(encodeLine(""), bytes("\r\n"));
  assert.deepEqual(encodeLine("a\nb\r\nc"), bytes("a\r\nb\r\nc\r\n"));
  assert.deepEqual(encodeLine("a\rb"), bytes("a\r\0b\r\n"));
  assert.deepEqual(
    encodeLine("caf\u00e9 \u{1F44B}"),
    bytes("caf\u00e9 \u{1F44B}\r\n"),
  );
  assert.deepEqual(encodeText("Password: "), bytes("Password: "));
  assert.deepEqual(encodeText("two\nlines"), bytes("two\r\nlines"));
  assert.deepEqual(
    escapeIac(Uint8Array.of(IAC, 1, IAC, IAC, 2, IAC)),
    Uint8Array.of(IAC, IAC, 1, IAC, IAC, IAC, IAC, 2, IAC, IAC),
  );
  const plain = bytes("no iac");
  assert.equal(escapeIac(plain), plain);
});

Deno.test("TelnetDecoder returns the encoded lines for any chunking (property)", () => {
  const line = printable(40);
  fc.assert(
    fc.property(
      fc.array(line, { maxLength: 20 }),
      fc.array(fc.nat(), { maxLength: 30 }),
      (texts, cuts) => {
        const data = bytes(...texts.map(encodeLine));
        const events = feed(new TelnetDecoder(), split(data, cuts));
        assert.deepEqual(events, texts.map((text) => ({ type: "line", text })));
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("TelnetDecoder survives random bytes within the cap (property)", () => {
  const byte = fc.oneof(
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom(IAC, SB, SE, 0x0d, 0x0a, 0x00, 0x08, 0x03, 0xc3, 0xa9),
  );
  fc.assert(
    fc.property(
      fc.array(byte, { maxLength: 400 }),
      fc.array(fc.nat(), { maxLength: 20 }),
      fc.integer({ min: 1, max: 64 }),
      (raw, cuts, max) => {
        const d = new TelnetDecoder({ maxLineBytes: max });
        for (const chunk of split(Uint8Array.from(raw), cuts)) {
          for (const e of d.push(chunk)) {
            if (e.type === "line") {
              assert.ok(utf8.encode(e.text).length <= max);
            }
            if (e.type === "too_long") assert.equal(e.limit, max);
          }
          assert.ok(d.bufferedBytes <= max && d.capacity <= max);
        }
      },
    ),
    { numRuns: 1000 },
  );
});

Deno.test("TelnetDecoder ignores inserted IAC negotiation (property)", () => {
  const line = printable(30);
  const sbPayload = fc.array(fc.integer({ min: 0, max: 255 }), {
    maxLength: 12,
  }).map((p) => p.flatMap((b) => b === IAC ? [IAC, IAC] : [b]));
  const negotiation = fc.oneof(
    fc.tuple(fc.constantFrom(WILL, WONT, DO, DONT), fc.nat(255))
      .map(([verb, opt]) => [IAC, verb, opt]),
    fc.tuple(fc.nat(255), sbPayload)
      .map(([opt, payload]) => [IAC, SB, opt, ...payload, IAC, SE]),
    // NOP, DM, AO, AYT, GA, EOF, SUSP
    fc.constantFrom(0xf1, 0xf2, 0xf5, 0xf6, 0xf9, 0xec, 0xed).map((c) => [
      IAC,
      c,
    ]),
  );
  fc.assert(
    fc.property(
      fc.array(line, { maxLength: 8 }),
      fc.array(fc.tuple(fc.nat(), negotiation), { maxLength: 12 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      (texts, inserts, cuts) => {
        const clean = [...bytes(...texts.map(encodeLine))];
        const noisy = [...clean];
        // Insert from the back so earlier positions stay meaningful.
        const sorted = inserts
          .map(([at, seq]) => [at % (clean.length + 1), seq] as const)
          .sort((a, b) => b[0] - a[0]);
        for (const [at, seq] of sorted) noisy.splice(at, 0, ...seq);
        const events = feed(
          new TelnetDecoder(),
          split(Uint8Array.from(noisy), cuts),
        );
        assert.deepEqual(lines(events), texts);
        assert.ok(
          events.every((e) =>
            e.type === "line" || e.type === "reply" ||
            e.type === "are_you_there"
          ),
        );
      },
    ),
    { numRuns: 1000 },
  );
});
