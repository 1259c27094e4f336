/**
 * Protocol parsing per input: a telnet slash command split into name and
 * arguments, a WebSocket frame parsed and checked, and a message event
 * encoded once for every recipient.
 * Run: `deno bench bench/protocol_bench.ts`.
 *
 * @module
 */
import { parseCommand } from "../lib/telnet/commands.ts";
import { renderMessage } from "../lib/telnet/render.ts";
import { encodeEvent, parseFrame } from "../lib/web/protocol.ts";
import type { ChatEvent, Message } from "../lib/chat/mod.ts";

const say = JSON.stringify({
  type: "say",
  text: "the quick brown fox jumps over the lazy dog",
});
const history = JSON.stringify({
  type: "history",
  channel: "club",
  before: 12345,
  limit: 50,
  ref: 7,
});
const message: Message = {
  id: 123456,
  sender: "alice",
  sentAt: 1_700_000_000_000,
  text: "the quick brown fox jumps over the lazy dog",
  channel: "club",
};

Deno.bench({
  name: "parseCommand /register name pw email",
  group: "telnet",
  baseline: true,
  fn: () => void parseCommand("/register alice s3cret alice@example.com"),
});
Deno.bench({
  name: "renderMessage [HH:MM] #chan <sender> text",
  group: "telnet",
  fn: () => void renderMessage(message),
});

Deno.bench({
  name: "parseFrame say",
  group: "websocket",
  baseline: true,
  fn: () => void parseFrame(say),
});
Deno.bench({
  name: "parseFrame history with ref",
  group: "websocket",
  fn: () => void parseFrame(history),
});
Deno.bench({
  name: "parseFrame invalid JSON (throws)",
  group: "websocket",
  fn() {
    try {
      parseFrame("{not json");
    } catch { /* expected */ }
  },
});
Deno.bench({
  // A fresh event each time defeats encodeEvent's per-event cache, which
  // is what the first recipient of every broadcast pays.
  name: "encodeEvent message (first recipient)",
  group: "websocket",
  fn: () => {
    const event: ChatEvent = { type: "message", message };
    encodeEvent(event);
  },
});
