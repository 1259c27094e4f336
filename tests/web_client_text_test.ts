import assert from "node:assert/strict";
import { layoutRows } from "../lib/web/client/messages.ts";
import { roomOfPath, roomPath } from "../lib/web/client/nav.ts";
import { mentionsName, pieces } from "../lib/web/client/text.ts";

Deno.test("pieces finds http(s) links and @mentions, leaving the rest as text", () => {
  assert.deepEqual(
    pieces("see https://x.test/a_(b)), ok? @bob: mail@carol.test"),
    [
      { kind: "text", text: "see " },
      { kind: "link", text: "https://x.test/a_(b)" },
      { kind: "text", text: "), ok? " },
      { kind: "mention", text: "@bob", name: "bob" },
      { kind: "text", text: ": mail@carol.test" },
    ],
  );
  assert.deepEqual(pieces("javascript:alert(1) ftp://x www.x.test"), [
    { kind: "text", text: "javascript:alert(1) ftp://x www.x.test" },
  ]);
  assert.equal(mentionsName("hi @ALICE.", "alice"), true);
  assert.equal(mentionsName("alice@example.org", "alice"), false);
});

Deno.test("layoutRows starts a day where the day changes and groups one sender within five minutes", () => {
  const m = (id: number, sender: string, minute: number) => ({
    id,
    sender,
    sentAt: minute * 60_000,
    text: "",
    channel: null,
  });
  const day = (ms: number) => (ms < 100 * 60_000 ? "d1" : "d2");
  const rows = layoutRows([
    m(1, "bob", 0),
    m(2, "Bob", 4),
    m(3, "bob", 10),
    m(4, "carol", 11),
    m(5, "carol", 101),
  ], day);
  assert.deepEqual(rows.map((r) => [r.day ?? "", r.grouped]), [
    ["d1", false],
    ["", true],
    ["", false],
    ["", false],
    ["d2", false],
  ]);
});

Deno.test("room paths round-trip, and other paths name no room", () => {
  assert.equal(roomPath(null), "/chat");
  assert.equal(roomPath("club"), "/chat/club");
  assert.equal(roomOfPath("/chat"), null);
  assert.equal(roomOfPath("/chat/club"), "club");
  assert.equal(roomOfPath("/login"), undefined);
  assert.equal(roomOfPath("/chat/%E0"), undefined);
});
