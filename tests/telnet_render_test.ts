import assert from "node:assert/strict";
import type { Message } from "../lib/chat/mod.ts";
import {
  MENTION_MARK,
  renderEvent,
  renderFor,
  renderMessage,
} from "../lib/telnet/render.ts";

const at = Date.UTC(2026, 0, 15, 21, 4);
const msg = (text: string, sender = "alice"): Message => ({
  id: 1,
  sender,
  sentAt: at,
  text,
  channel: null,
});

Deno.test("renderMessage shows further lines of a message indented under its text", () => {
  assert.equal(
    renderMessage(msg("first\nsecond")),
    "[21:04] <alice> first\n                second",
  );
  assert.equal(
    renderMessage({ ...msg("a\nb"), channel: "club" }),
    "[21:04] #club <alice> a\n                      b",
  );
});

Deno.test("renderFor marks a message that mentions its reader, for that reader only", () => {
  const event = { type: "message" as const, message: msg("lunch, @Bob?") };
  assert.equal(
    renderFor(event, "bob"),
    `${MENTION_MARK} [21:04] <alice> lunch, @Bob?`,
  );
  assert.equal(renderFor(event, "carol"), undefined);
  assert.equal(renderFor(event, null), undefined);
  // Mentioning oneself rings nothing.
  const own = { type: "message" as const, message: msg("note to @alice") };
  assert.equal(renderFor(own, "alice"), undefined);
});

Deno.test("a new channel is announced in one line, except to its creator", () => {
  const event = {
    type: "channel_created" as const,
    channel: {
      name: "club",
      owner: "alice",
      createdAt: at,
      slowModeSeconds: 0,
    },
  };
  assert.equal(
    renderEvent(event),
    "* alice created #club; ask for access with /request club",
  );
  assert.equal(renderFor(event, "ALICE"), null);
  assert.equal(renderFor(event, "bob"), undefined);
});
