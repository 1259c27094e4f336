import assert from "node:assert/strict";
import fc from "fast-check";
import { ChatError, validateChannelName } from "../lib/chat/mod.ts";
import { FrameError, parseFrame } from "../lib/web/protocol.ts";

const TYPES = [
  "auth",
  "say",
  "join",
  "leave",
  "create_channel",
  "request_access",
  "grant",
  "deny",
  "history",
  "channels",
  "who",
  "requests",
];

Deno.test("parseFrame only returns known frames and only throws FrameError (property)", () => {
  const frameLike = fc.record({
    type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
    text: fc.anything(),
    channel: fc.anything(),
    token: fc.anything(),
    name: fc.anything(),
    limit: fc.anything(),
    ref: fc.anything(),
  }, { requiredKeys: ["type"] });
  const input = fc.oneof(
    fc.string({ unit: "binary" }),
    fc.json(),
    frameLike.map((f) => JSON.stringify(f) ?? "null"),
  );
  fc.assert(
    fc.property(input, (text) => {
      try {
        const frame = parseFrame(text);
        assert.ok(TYPES.includes(frame.type));
        if (frame.type === "say") assert.equal(typeof frame.text, "string");
        if (frame.type === "history" && frame.limit !== undefined) {
          assert.ok(Number.isSafeInteger(frame.limit) && frame.limit >= 0);
        }
      } catch (error) {
        assert.ok(error instanceof FrameError, String(error));
      }
    }),
    { numRuns: 2000 },
  );
});

Deno.test("validateChannelName lets no separator or non-ASCII through (property)", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 40 }), (name) => {
      try {
        const clean = validateChannelName(name);
        assert.match(clean, /^[A-Za-z0-9_-]{3,32}$/);
      } catch (error) {
        assert.ok(error instanceof ChatError);
      }
    }),
    { numRuns: 5000 },
  );
});
