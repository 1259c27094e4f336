import { encodeLine, TelnetDecoder } from "../lib/telnet/codec.ts";

const LINE_BYTES = 80;
const LINES = 1000;
const CHUNK = 4096;

// 78 printable bytes plus CRLF, like a telnet client in line mode.
const line = "x".repeat(LINE_BYTES - 2) + "\r\n";
const input = new TextEncoder().encode(line.repeat(LINES));
const chunks: Uint8Array[] = [];
for (let at = 0; at < input.length; at += CHUNK) {
  chunks.push(input.subarray(at, at + CHUNK));
}

const message = "Alice: " + "the quick brown fox jumps over the lazy dog, "
  .repeat(5).slice(0, 193);

Deno.bench("TelnetDecoder 1000 lines of 80 bytes in 4 KB chunks", () => {
  const decoder = new TelnetDecoder();
  let count = 0;
  for (const chunk of chunks) count += decoder.push(chunk).length;
  if (count !== LINES) throw new Error(`decoded ${count} lines`);
});

Deno.bench("encodeLine of a 200-byte message", () => {
  encodeLine(message);
});
