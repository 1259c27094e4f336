import assert from "node:assert/strict";
import {
  encodePayload,
  scanPayloadBytes,
  scanPayloads,
} from "../bench/load/payload.ts";

type Found = [step: number, sentAt: number];

function collect(scan: (found: (s: number, t: number) => void) => void) {
  const out: Found[] = [];
  scan((step, sentAt) => out.push([step, sentAt]));
  return out;
}

// Send times as the tool writes them: two decimals.
const sent: Found[] = Array.from(
  { length: 50 },
  (_, i) => [i % 3 + 1, Math.round(1000 + i * 12.3456 * 100) / 100],
);

for (const size of [16, 64, 200]) {
  const payloads = sent.map(([step, at], seq) =>
    encodePayload(step, seq, at, size)
  );

  Deno.test(`load payload scanner finds every ${size}-byte message in telnet lines`, () => {
    // Parley's chrome around each line, and the bare relay's none.
    const parley = payloads.map((p, i) => `[12:34] #load <u${i}> ${p}\r\n`);
    const bare = payloads.map((p) => `${p}\r\n`);
    for (const lines of [parley, bare]) {
      const bytes = new TextEncoder().encode(lines.join(""));
      assert.deepEqual(collect((f) => scanPayloadBytes(bytes, f)), sent);
    }
  });

  Deno.test(`load payload scanner finds every ${size}-byte message in JSON frames`, () => {
    const frames = payloads.map((p, i) =>
      JSON.stringify({ type: "message", message: { sender: `u${i}`, text: p } })
    );
    const batched = `[${frames.join(",")}]`;
    assert.deepEqual(collect((f) => scanPayloads(batched, f)), sent);
  });
}

Deno.test("load payload scanner skips tildes that do not start a marker", () => {
  const text = `~~l~lt ~l~t~ ${encodePayload(7, 1, 42.5)} ~lt`;
  assert.deepEqual(collect((f) => scanPayloads(text, f)), [[7, 42.5]]);
});
