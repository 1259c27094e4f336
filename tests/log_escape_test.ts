import assert from "node:assert/strict";
import { HAS_UNSAFE } from "../lib/log_escape.ts";
import { createLogger } from "../lib/log.ts";
import { renderMessage } from "../lib/telnet/render.ts";

const HOSTILE = "x\n2026-01-01T00:00:00.000Z info login name=admin\r" +
  '\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eevil\u2066 a=b "q" \u2028';

function lines(format: "text" | "json") {
  const out: string[] = [];
  const log = createLogger({ format, write: (l) => out.push(l) });
  log.info("auth_failed", { name: HOSTILE, cause: new Error(HOSTILE) });
  return out;
}

Deno.test("log lines escape control, separator and bidi characters in text format", () => {
  const out = lines("text");
  assert.equal(out.length, 1);
  const line = out[0];
  assert.doesNotMatch(line, HAS_UNSAFE);
  // Each hostile value is one quoted field: no forged `name=admin` field.
  const quoted = '"(?:[^"\\\\]|\\\\.)*"';
  assert.match(
    line,
    new RegExp(`^\\S+ info auth_failed name=${quoted} cause=${quoted}$`),
  );
  assert.match(line, / name="x\\n2026/);
  assert.match(
    line,
    /\\u001b\[2J\\u001b\]0;pwned\\u0007\\u009b31m\\u202eevil\\u2066/,
  );
});

Deno.test("log lines escape control, separator and bidi characters in JSON format", () => {
  const [line] = lines("json");
  assert.doesNotMatch(line, HAS_UNSAFE);
  const parsed = JSON.parse(line);
  assert.equal(
    parsed.name,
    HOSTILE,
    "escapes are JSON: the value reads back whole",
  );
  assert.equal(parsed.cause, `Error: ${HOSTILE}`);
});

Deno.test("log lines keep plain values bare in text format", () => {
  const out: string[] = [];
  createLogger({ write: (l) => out.push(l) }).info("login", {
    name: "alice",
    address: "203.0.113.9",
    count: 3,
  });
  assert.match(out[0], / login name=alice address=203\.0\.113\.9 count=3$/);
});

Deno.test("telnet rendering drops bidi overrides and isolates from messages", () => {
  const line = renderMessage({
    id: 1,
    sender: "mallory",
    sentAt: 0,
    channel: null,
    text: "hi \u202e<admin> \u2066ok\u2069\u202c",
  });
  assert.equal(line, "[00:00] <mallory> hi <admin> ok");
});
