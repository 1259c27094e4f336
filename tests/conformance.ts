/**
 * The backend conformance suite: every storage backend runs these same
 * behaviours. A backend's test file calls `backendConformance` with a
 * harness that opens fresh, isolated backends.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type Backend,
  MAX_PAGE,
  type Message,
  sha256Hex,
} from "../lib/chat/mod.ts";

/** Opens isolated backends for one test run, then releases shared servers. */
export interface Harness {
  /** A fresh backend with no data, sharing nothing with earlier ones. */
  open(): Promise<Backend>;
  /** Stops whatever `start` started (servers, temp dirs). */
  close?(): Promise<void>;
}

/** Options for `backendConformance`. */
export interface ConformanceOptions {
  /** Skips the whole suite, e.g. when its server is not installed. */
  ignore?: boolean;
}

/** PBKDF2 iterations for tests: real hashing, bearable speed. */
export const TEST_ITERATIONS = 1_000;

type Case = (b: Backend) => Promise<void>;

const cases: Record<string, Case> = {
  async "registers a participant, unique case-insensitively"(b) {
    const r = await b.registerParticipant(
      "Alice",
      await digest("pw"),
      "a@x.io",
    );
    assert.ok(r.ok);
    assert.equal(r.value.name, "Alice");
    assert.equal(r.value.email, "a@x.io");
    assert.equal(r.value.lastLoginAt, null);
    assert.equal(await b.hasParticipant("alice"), true);
    assert.equal(await b.hasParticipant("bob"), false);
    const again = await b.registerParticipant(
      "ALICE",
      await digest("x"),
      "b@x.io",
    );
    assert.deepEqual(again, { ok: false, reason: "taken" });
    assert.equal((await b.getParticipant("aLiCe"))?.name, "Alice");
    assert.equal(await b.getParticipant("nobody"), null);
  },

  async "leaves exactly one account when registrations race"(b) {
    const d = await digest("pw");
    const results = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) =>
          b.registerParticipant(i % 2 ? "Racer" : "racer", d, `r${i}@x.io`),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal(
      results.filter((r) => !r.ok && r.reason === "taken").length,
      7,
    );
  },

  async "authenticates right passwords only and records logins"(b) {
    await b.registerParticipant("carol", await digest("secret"), "c@x.io");
    const wrong = await b.authenticateParticipant(
      "carol",
      await digest("nope"),
    );
    assert.deepEqual(wrong, { ok: false, reason: "invalid_credentials" });
    const unknown = await b.authenticateParticipant(
      "dave",
      await digest("secret"),
    );
    assert.deepEqual(unknown, { ok: false, reason: "invalid_credentials" });
    const first = await b.authenticateParticipant(
      "CAROL",
      await digest("secret"),
    );
    assert.ok(first.ok);
    assert.equal(first.value.name, "carol");
    assert.equal(first.value.lastLoginAt, null);
    const second = await b.authenticateParticipant(
      "carol",
      await digest("secret"),
    );
    assert.ok(second.ok);
    assert.equal(typeof second.value.lastLoginAt, "number");
  },

  async "lists every participant in pages"(b) {
    const names = ["eve", "Bob", "dan", "amy", "Cid"];
    for (const n of names) {
      await b.registerParticipant(n, await digest("pw"), `${n}@x.io`);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await b.listParticipants({ limit: 2, after });
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((p) => p.name));
      if (!page.next) break;
      after = page.next;
    }
    assert.deepEqual(seen, ["amy", "Bob", "Cid", "dan", "eve"]);
  },

  async "numbers messages per room from 1"(b) {
    const g1 = await b.storeMessage(draft("hi", null));
    const c1 = await b.storeMessage(draft("in chan", "Room1"));
    const g2 = await b.storeMessage(draft("again", null));
    assert.equal(g1.id, 1);
    assert.equal(g2.id, 2);
    assert.equal(c1.id, 1);
    assert.equal(c1.channel, "Room1");
    assert.equal(g1.text, "hi");
    assert.equal(g1.sender, "alice");
  },

  async "keeps ids unique and increasing under concurrent sends"(b) {
    const sent = await Promise.all(
      Array.from(
        { length: 30 },
        (_, i) => b.storeMessage(draft(`m${i}`, null)),
      ),
    );
    const ids = sent.map((m) => m.id).sort((x, y) => x - y);
    assert.equal(new Set(ids).size, 30);
    const page = await b.getChatHistory({ limit: 50 });
    assert.equal(page.messages.length, 30);
    assertAscending(page.messages);
  },

  async "pages history newest first, older by before, newer by after"(b) {
    for (let i = 1; i <= 12; i++) await b.storeMessage(draft(`m${i}`, null));
    const newest = await b.getChatHistory({ limit: 5 });
    assert.deepEqual(texts(newest.messages), ["m8", "m9", "m10", "m11", "m12"]);
    assert.equal(newest.hasMore, true);
    const older = await b.getChatHistory({
      limit: 5,
      before: newest.messages[0].id,
    });
    assert.deepEqual(texts(older.messages), ["m3", "m4", "m5", "m6", "m7"]);
    const oldest = await b.getChatHistory({
      limit: 5,
      before: older.messages[0].id,
    });
    assert.deepEqual(texts(oldest.messages), ["m1", "m2"]);
    assert.equal(oldest.hasMore, false);
    const after = await b.getChatHistory({
      limit: 3,
      after: older.messages[4].id,
    });
    assert.deepEqual(texts(after.messages), ["m8", "m9", "m10"]);
    assert.equal(after.hasMore, true);
    const tail = await b.getChatHistory({ limit: 10, after: 10 });
    assert.deepEqual(texts(tail.messages), ["m11", "m12"]);
    assert.equal(tail.hasMore, false);
    const none = await b.getChatHistory({ after: 12 });
    assert.deepEqual(none, { messages: [], hasMore: false });
  },

  async "never returns more than a page"(b) {
    await Promise.all(
      Array.from(
        { length: MAX_PAGE + 5 },
        (_, i) => b.storeMessage(draft(`m${i}`, null)),
      ),
    );
    const page = await b.getChatHistory({ limit: 100_000 });
    assert.equal(page.messages.length, MAX_PAGE);
    assert.equal(page.hasMore, true);
  },

  async "keeps channel messages out of the general chat"(b) {
    await b.registerChannel("secret", "alice");
    await b.storeMessage(draft("public", null));
    await b.storeMessage(draft("private", "secret"));
    const general = await b.getChatHistory();
    assert.deepEqual(texts(general.messages), ["public"]);
    const channel = await b.getChannelHistory("SECRET");
    assert.deepEqual(texts(channel.messages), ["private"]);
    assert.deepEqual((await b.getChannelHistory("other")).messages, []);
  },

  async "stores text byte for byte"(b) {
    const text = 'héllo 👋 a:b/c#d \\ "q" '.repeat(100).slice(0, 1000);
    const stored = await b.storeMessage(draft(text, null));
    const [read] = (await b.getChatHistory()).messages;
    assert.equal(stored.text, text);
    assert.equal(read.text, text);
    assert.equal(read.sentAt, stored.sentAt);
  },

  async "creates channels with owners, unique case-insensitively"(b) {
    const r = await b.registerChannel("Lounge", "alice");
    assert.ok(r.ok);
    assert.equal(r.value.owner, "alice");
    const dup = await b.registerChannel("lounge", "bob");
    assert.deepEqual(dup, { ok: false, reason: "taken" });
    assert.equal((await b.getChannel("LOUNGE"))?.owner, "alice");
    assert.equal(await b.getChannel("nope"), null);
    await b.registerChannel("attic", "bob");
    await b.registerChannel("Cellar", "bob");
    const first = await b.listChannels({ limit: 2 });
    assert.deepEqual(first.items.map((c) => c.name), ["attic", "Cellar"]);
    const second = await b.listChannels({ limit: 2, after: first.next });
    assert.deepEqual(second.items.map((c) => c.name), ["Lounge"]);
    assert.equal(second.next, undefined);
  },

  async "lists the channels one owner owns, in name order and pages"(b) {
    for (const [name, owner] of [["zeta", "Olga"], ["Alpha", "olga"]]) {
      assert.ok((await b.registerChannel(name, owner)).ok);
    }
    await b.registerChannel("mid", "pete");
    await b.registerChannel("beta", "OLGA");
    // A lost creation race must not index the channel under the loser.
    assert.equal((await b.registerChannel("MID", "olga")).ok, false);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await b.listChannelsOwnedBy("oLgA", { limit: 2, after });
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((c) => c.name));
      if (!page.next) break;
      after = page.next;
    }
    assert.deepEqual(seen, ["Alpha", "beta", "zeta"]);
    const pete = await b.listChannelsOwnedBy("pete");
    assert.deepEqual(pete.items.map((c) => [c.name, c.owner]), [[
      "mid",
      "pete",
    ]]);
    assert.deepEqual((await b.listChannelsOwnedBy("nobody")).items, []);
  },

  async "sets slow mode, for the owner only"(b) {
    const created = await b.registerChannel("calm", "alice");
    assert.ok(created.ok);
    assert.equal(created.value.slowModeSeconds, 0);
    assert.equal((await b.getChannel("calm"))?.slowModeSeconds, 0);
    assert.deepEqual(await b.setSlowMode("calm", 10, { by: "bob" }), {
      ok: false,
      reason: "forbidden",
    });
    assert.deepEqual(await b.setSlowMode("nope", 10, { by: "alice" }), {
      ok: false,
      reason: "not_found",
    });
    const set = await b.setSlowMode("CALM", 10, { by: "Alice" });
    assert.ok(set.ok);
    assert.deepEqual(
      [set.value.name, set.value.owner, set.value.slowModeSeconds],
      ["calm", "alice", 10],
    );
    assert.equal((await b.getChannel("calm"))?.slowModeSeconds, 10);
    const listed = (await b.listChannels()).items.find((c) =>
      c.name === "calm"
    );
    assert.equal(listed?.slowModeSeconds, 10);
    const owned = await b.listChannelsOwnedBy("alice");
    assert.equal(owned.items[0]?.slowModeSeconds, 10);
    assert.ok((await b.setSlowMode("calm", 0, { by: "alice" })).ok);
    assert.equal((await b.getChannel("calm"))?.slowModeSeconds, 0);
  },

  async "stores every message of a burst with distinct, gapless ids"(b) {
    // Large enough that batching backends split it over several commits.
    const sent = await Promise.all(
      Array.from(
        { length: 450 },
        (_, i) => b.storeMessage(draft(`b${i}`, i % 3 ? "Busy" : null)),
      ),
    );
    for (const room of [null, "busy"]) {
      const mine = sent.filter((m) =>
        (m.channel?.toLowerCase() ?? null) === room
      );
      const ids = mine.map((m) => m.id).sort((x, y) => x - y);
      assert.deepEqual(ids, ids.map((_, i) => i + 1));
    }
    const newest = await b.getChannelHistory("busy", { limit: 5 });
    assert.deepEqual(newest.messages.map((m) => m.id), [
      296,
      297,
      298,
      299,
      300,
    ]);
  },

  async "runs request, grant and membership"(b) {
    await b.registerChannel("club", "alice");
    assert.equal(await b.isMember("club", "alice"), true);
    assert.equal(await b.isMember("club", "bob"), false);
    assert.deepEqual(await b.requestAccess("nope", "bob"), {
      ok: false,
      reason: "not_found",
    });
    assert.deepEqual(await b.requestAccess("club", "Alice"), {
      ok: false,
      reason: "already_member",
    });
    const req = await b.requestAccess("CLUB", "bob");
    assert.ok(req.ok);
    assert.equal(req.value.state, "pending");
    assert.equal(req.value.channel, "club");
    assert.equal(req.value.decidedAt, null);
    assert.deepEqual(await b.requestAccess("club", "bob"), {
      ok: false,
      reason: "already_pending",
    });
    const pending = await b.listPendingRequests("ALICE");
    assert.deepEqual(pending.items.map((r) => r.requester), ["bob"]);
    assert.deepEqual((await b.listPendingRequests("bob")).items, []);
    assert.deepEqual(
      await b.decideRequest("club", "bob", { by: "bob", grant: true }),
      { ok: false, reason: "forbidden" },
    );
    const granted = await b.decideRequest("club", "BOB", {
      by: "alice",
      grant: true,
    });
    assert.ok(granted.ok);
    assert.equal(granted.value.state, "granted");
    assert.equal(typeof granted.value.decidedAt, "number");
    assert.equal(await b.isMember("Club", "Bob"), true);
    assert.deepEqual(
      await b.decideRequest("club", "bob", { by: "alice", grant: false }),
      { ok: false, reason: "not_pending" },
    );
    assert.deepEqual((await b.listPendingRequests("alice")).items, []);
    assert.deepEqual(await b.requestAccess("club", "bob"), {
      ok: false,
      reason: "already_member",
    });
  },

  async "runs request and deny, and allows asking again"(b) {
    await b.registerChannel("den", "alice");
    await b.requestAccess("den", "carl");
    assert.deepEqual(
      await b.decideRequest("den", "nobody", { by: "alice", grant: true }),
      { ok: false, reason: "not_found" },
    );
    const denied = await b.decideRequest("den", "carl", {
      by: "alice",
      grant: false,
    });
    assert.ok(denied.ok);
    assert.equal(denied.value.state, "denied");
    assert.equal(await b.isMember("den", "carl"), false);
    const mine = await b.listRequestsBy("CARL");
    assert.deepEqual(mine.items.map((r) => [r.channel, r.state]), [[
      "den",
      "denied",
    ]]);
    const again = await b.requestAccess("den", "carl");
    assert.ok(again.ok);
    assert.equal(again.value.state, "pending");
  },

  async "lists pending requests across an owner's channels in pages"(b) {
    await b.registerChannel("one", "olga");
    await b.registerChannel("two", "olga");
    await b.registerChannel("three", "pete");
    for (const who of ["ann", "ben", "cat"]) {
      await b.requestAccess("one", who);
      await b.requestAccess("two", who);
      await b.requestAccess("three", who);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await b.listPendingRequests("olga", { limit: 4, after });
      seen.push(...page.items.map((r) => `${r.channel}/${r.requester}`));
      if (!page.next) break;
      after = page.next;
    }
    assert.equal(seen.length, 6);
    assert.equal(new Set(seen).size, 6);
    assert.ok(seen.every((s) => s.startsWith("one/") || s.startsWith("two/")));
  },

  async "keeps read markers per participant and room, forward only"(b) {
    assert.equal(await b.getReadMarker("alice", null), 0);
    assert.equal(await b.getReadMarker("alice", "club"), 0);
    await b.setReadMarker("alice", null, 5);
    assert.equal(await b.getReadMarker("alice", null), 5);
    await b.setReadMarker("alice", null, 9);
    assert.equal(await b.getReadMarker("alice", null), 9);
    // Backward, equal and nonsense ids are ignored.
    await b.setReadMarker("alice", null, 3);
    await b.setReadMarker("alice", null, 9);
    await b.setReadMarker("alice", null, 0);
    await b.setReadMarker("alice", null, Number.NaN);
    assert.equal(await b.getReadMarker("alice", null), 9);
    // Per participant and per room, names compared in any case.
    await b.setReadMarker("ALICE", "Club", 2);
    assert.equal(await b.getReadMarker("alice", "club"), 2);
    assert.equal(await b.getReadMarker("aLiCe", null), 9);
    assert.equal(await b.getReadMarker("bob", null), 0);
    assert.equal(await b.getReadMarker("bob", "club"), 0);
    // A channel named like the general chat is still a channel.
    assert.equal(await b.getReadMarker("alice", "general"), 0);
  },

  async "keeps read markers apart for odd names"(b) {
    const names = ["a:b", "a#b", "a%3ab", "a\nb", "a", "A:B"];
    for (const [i, name] of names.entries()) {
      await b.setReadMarker(name, `c${name}`, i + 1);
    }
    // "a:b" and "A:B" share a marker (case-insensitive): the larger id wins.
    assert.deepEqual(
      await Promise.all(names.map((n) => b.getReadMarker(n, `c${n}`))),
      [6, 2, 3, 4, 5, 6],
    );
    await b.setReadMarker("a\nb", null, 7);
    assert.equal(await b.getReadMarker("a", "b\n"), 0);
    assert.equal(await b.getReadMarker("a\nb", null), 7);
  },

  async "moves a read marker to the largest of racing writes"(b) {
    await Promise.all(
      [4, 8, 2, 7, 1, 6].map((id) => b.setReadMarker("racer", "den", id)),
    );
    assert.equal(await b.getReadMarker("racer", "den"), 8);
  },
};

/** Registers one Deno test that runs every conformance case on a backend. */
export function backendConformance(
  name: string,
  start: () => Promise<Harness>,
  options: ConformanceOptions = {},
): void {
  Deno.test({
    name: `${name} backend passes the conformance suite`,
    ignore: options.ignore,
    async fn(t) {
      const harness = await start();
      try {
        for (const [title, run] of Object.entries(cases)) {
          await t.step(title, async () => {
            const backend = await harness.open();
            try {
              await run(backend);
            } finally {
              await backend.close();
            }
          });
        }
      } finally {
        await harness.close?.();
      }
    },
  });
}

function digest(password: string): Promise<string> {
  return sha256Hex(password);
}

function draft(text: string, channel: string | null) {
  return { sender: "alice", sentAt: Date.now(), text, channel };
}

function texts(messages: Message[]): string[] {
  return messages.map((m) => m.text);
}

function assertAscending(messages: Message[]): void {
  for (let i = 1; i < messages.length; i++) {
    assert.ok(messages[i - 1].id < messages[i].id, "ids ascend within a page");
  }
}
