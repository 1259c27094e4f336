/**
 * The backend conformance suite: every storage backend runs these same
 * behaviours. A backend's test file calls `backendConformance` with a
 * harness that opens fresh, isolated backends.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Backend, MAX_PAGE, setSlowMode } from "../lib/chat/mod.ts";
import {
  account,
  ask,
  assertAscending,
  type Case,
  decide,
  draft,
  login,
  register,
  texts,
} from "./conformance/helpers.ts";
import { standingCases } from "./conformance/standing.ts";
import { directCases } from "./conformance/direct.ts";
import { inboxCases } from "./conformance/inbox.ts";
import { signInCases } from "./conformance_sign_ins.ts";

export {
  ask,
  decide,
  login,
  register,
  TEST_ITERATIONS,
} from "./conformance/helpers.ts";

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

const cases: Record<string, Case> = {
  async "registers a participant, unique case-insensitively"(b) {
    const r = await register(b, "Alice", "pw", "a@x.io");
    assert.ok(r.ok);
    assert.equal(r.value.name, "Alice");
    assert.equal(r.value.email, "a@x.io");
    assert.equal(r.value.lastLoginAt, null);
    assert.equal(await b.hasParticipant("alice"), true);
    assert.equal(await b.hasParticipant("bob"), false);
    const again = await register(b, "ALICE", "x", "b@x.io");
    assert.deepEqual(again, { ok: false, reason: "taken" });
    assert.equal((await b.getParticipant("aLiCe"))?.name, "Alice");
    assert.equal(await b.getParticipant("nobody"), null);
  },

  async "leaves exactly one account when registrations race"(b) {
    const results = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) => register(b, i % 2 ? "Racer" : "racer", "pw", `r${i}@x.io`),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal(
      results.filter((r) => !r.ok && r.reason === "taken").length,
      7,
    );
  },

  async "creates an account once even when the writes themselves race"(b) {
    // Past the core's early check: the conditional write alone decides.
    const created = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) => b.createAccount(account(i % 2 ? "Twin" : "TWIN", `c${i}`)),
      ),
    );
    assert.equal(created.filter(Boolean).length, 1);
    const stored = await b.getAccount("twin");
    assert.equal(stored?.credential, `c${created.indexOf(true)}`);
    assert.equal(
      stored?.participant.name,
      created.indexOf(true) % 2 ? "Twin" : "TWIN",
    );
    assert.equal(await b.getAccount("nobody"), null);
    // The credential is kept, and never shown as part of a participant.
    const shown = await b.getParticipant("twin");
    assert.deepEqual(Object.keys(shown ?? {}).sort(), [
      "createdAt",
      "email",
      "lastLoginAt",
      "name",
    ]);
    const listed = await b.listParticipants();
    assert.ok(listed.items.every((p) => !("credential" in p)));
  },

  async "authenticates right passwords only and records logins"(b) {
    await register(b, "carol", "secret", "c@x.io");
    assert.deepEqual(await login(b, "carol", "nope"), {
      ok: false,
      reason: "invalid_credentials",
    });
    assert.deepEqual(await login(b, "dave", "secret"), {
      ok: false,
      reason: "invalid_credentials",
    });
    const first = await login(b, "CAROL", "secret");
    assert.ok(first.ok);
    assert.equal(first.value.name, "carol");
    assert.equal(first.value.lastLoginAt, null);
    const second = await login(b, "carol", "secret");
    assert.ok(second.ok);
    assert.equal(typeof second.value.lastLoginAt, "number");
  },

  async "records racing logins as one chain, each seeing the one before"(b) {
    assert.ok(await b.createAccount(account("lou", "x")));
    const stamps = [101, 102, 103, 104, 105, 106];
    const previous = await Promise.all(
      stamps.map((at) => b.recordLogin("LOU", at)),
    );
    const seen = previous.map((p) => p?.lastLoginAt);
    const last = (await b.getParticipant("lou"))?.lastLoginAt;
    // An atomic swap: every stamp is replaced exactly once, but the last.
    assert.deepEqual(
      [...seen, last].sort(),
      [...stamps, null].sort(),
    );
    assert.ok(previous.every((p) => p?.name === "lou"));
    assert.equal(await b.recordLogin("nobody", 1), null);
  },

  async "lists every participant in pages"(b) {
    const names = ["eve", "Bob", "dan", "amy", "Cid"];
    for (const n of names) {
      await register(b, n, "pw", `${n}@x.io`);
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

  async "reads odd history bounds alike, through one window"(b) {
    for (let i = 1; i <= 6; i++) await b.storeMessage(draft(`m${i}`, null));
    const ids = async (query: Parameters<Backend["getChatHistory"]>[0]) => {
      const page = await b.getChatHistory(query);
      return [page.messages.map((m) => m.id), page.hasMore];
    };
    assert.deepEqual(await ids({ after: 2.5, limit: 2 }), [[3, 4], true]);
    assert.deepEqual(await ids({ after: -7, limit: 2 }), [[1, 2], true]);
    assert.deepEqual(await ids({ after: -Infinity, limit: 9 }), [
      [1, 2, 3, 4, 5, 6],
      false,
    ]);
    assert.deepEqual(await ids({ after: Infinity }), [[], false]);
    assert.deepEqual(await ids({ after: Number.NaN, limit: 2 }), [
      [5, 6],
      true,
    ]);
    assert.deepEqual(await ids({ before: 5.5, limit: 2 }), [[3, 4], true]);
    assert.deepEqual(await ids({ before: Infinity, limit: 2 }), [
      [5, 6],
      true,
    ]);
    assert.deepEqual(await ids({ before: 1 }), [[], false]);
    assert.deepEqual(await ids({ before: -Infinity }), [[], false]);
    assert.deepEqual(await ids({ before: 3, limit: 0 }), [[2], true]);
    assert.deepEqual(await ids({ before: 3, limit: 1.9 }), [[2], true]);
    // `after` wins when both are given.
    assert.deepEqual(await ids({ after: 4, before: 2 }), [[5, 6], false]);
    assert.deepEqual(await ids({ limit: Number.NaN }), [
      [1, 2, 3, 4, 5, 6],
      false,
    ]);
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
    const slow = (channel: string, seconds: number, by: string) =>
      setSlowMode(b, { channel, seconds, by });
    assert.deepEqual(await slow("calm", 10, "bob"), {
      ok: false,
      reason: "forbidden",
    });
    assert.equal((await b.getChannel("calm"))?.slowModeSeconds, 0);
    assert.deepEqual(await slow("nope", 10, "alice"), {
      ok: false,
      reason: "not_found",
    });
    assert.equal(await b.setSlowMode("nope", 10), null);
    assert.equal(await b.getChannel("nope"), null);
    const set = await slow("CALM", 10, "Alice");
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
    assert.ok((await slow("calm", 0, "alice")).ok);
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
    assert.equal(await b.isMember("CLUB", "ALICE"), true);
    assert.equal(await b.isMember("club", "bob"), false);
    assert.equal(await b.isMember("nope", "bob"), false);
    assert.deepEqual(await ask(b, "nope", "bob"), {
      ok: false,
      reason: "not_found",
    });
    assert.deepEqual(await ask(b, "club", "Alice"), {
      ok: false,
      reason: "already_member",
    });
    const req = await ask(b, "CLUB", "bob");
    assert.ok(req.ok);
    assert.equal(req.value.state, "pending");
    assert.equal(req.value.channel, "club");
    assert.equal(req.value.decidedAt, null);
    assert.deepEqual(await ask(b, "club", "bob"), {
      ok: false,
      reason: "already_pending",
    });
    const pending = await b.listPendingRequests("ALICE");
    assert.deepEqual(pending.items.map((r) => r.requester), ["bob"]);
    assert.deepEqual((await b.listPendingRequests("bob")).items, []);
    assert.deepEqual(await decide(b, "club", "bob", "bob", true), {
      ok: false,
      reason: "forbidden",
    });
    assert.equal(await b.isMember("club", "bob"), false);
    const granted = await decide(b, "club", "BOB", "alice", true);
    assert.ok(granted.ok);
    assert.equal(granted.value.state, "granted");
    assert.equal(typeof granted.value.decidedAt, "number");
    assert.equal(await b.isMember("Club", "Bob"), true);
    assert.deepEqual(await decide(b, "club", "bob", "alice", false), {
      ok: false,
      reason: "not_pending",
    });
    assert.deepEqual((await b.listPendingRequests("alice")).items, []);
    assert.deepEqual(await ask(b, "club", "bob"), {
      ok: false,
      reason: "already_member",
    });
  },

  async "runs request and deny, and allows asking again"(b) {
    await b.registerChannel("den", "alice");
    await ask(b, "den", "carl");
    assert.deepEqual(await decide(b, "den", "nobody", "alice", true), {
      ok: false,
      reason: "not_found",
    });
    const denied = await decide(b, "den", "carl", "alice", false);
    assert.ok(denied.ok);
    assert.equal(denied.value.state, "denied");
    assert.equal(await b.isMember("den", "carl"), false);
    const mine = await b.listRequestsBy("CARL");
    assert.deepEqual(mine.items.map((r) => [r.channel, r.state]), [[
      "den",
      "denied",
    ]]);
    const again = await ask(b, "den", "carl");
    assert.ok(again.ok);
    assert.equal(again.value.state, "pending");
  },

  async "answers a non-owner's decision forbidden, request or not"(b) {
    // Issue 13 item 8: the answer must not reveal who asked to join.
    await b.registerChannel("hideout", "alice");
    assert.ok((await ask(b, "hideout", "bob")).ok);
    for (const grant of [true, false]) {
      for (const requester of ["bob", "nobody", "alice"]) {
        assert.deepEqual(
          await decide(b, "hideout", requester, "mallory", grant),
          { ok: false, reason: "forbidden" },
          `${grant ? "grant" : "deny"} ${requester}`,
        );
      }
    }
    // A requester is no owner either, even of their own request.
    assert.deepEqual(await decide(b, "HIDEOUT", "bob", "Bob", true), {
      ok: false,
      reason: "forbidden",
    });
    const still = await b.listPendingRequests("alice");
    assert.deepEqual(still.items.map((r) => [r.requester, r.state]), [[
      "bob",
      "pending",
    ]]);
    assert.deepEqual(await decide(b, "nope", "bob", "mallory", true), {
      ok: false,
      reason: "not_found",
    });
  },

  async "records exactly one of racing decisions"(b) {
    const created = await b.registerChannel("court", "alice");
    assert.ok(created.ok);
    assert.ok((await ask(b, "court", "bob")).ok);
    const results = await Promise.all(
      [true, false, true, false, true, false].map((grant) =>
        b.recordDecision(created.value, { requester: "bob", grant })
      ),
    );
    const won = results.filter((r) => r.ok);
    assert.equal(won.length, 1);
    assert.ok(results.every((r) => r.ok || r.reason === "not_pending"));
    const state = won[0].ok ? won[0].value.state : null;
    assert.equal(await b.isMember("court", "bob"), state === "granted");
    assert.deepEqual((await b.listPendingRequests("alice")).items, []);
    assert.deepEqual(
      await b.recordDecision(created.value, { requester: "x", grant: true }),
      { ok: false, reason: "not_found" },
    );
  },

  async "lists pending requests across an owner's channels in pages"(b) {
    await b.registerChannel("one", "olga");
    await b.registerChannel("two", "olga");
    await b.registerChannel("three", "pete");
    for (const who of ["ann", "ben", "cat"]) {
      await ask(b, "one", who);
      await ask(b, "two", who);
      await ask(b, "three", who);
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
    // Backward and equal ids are ignored (the core refuses non-ids).
    await b.setReadMarker("alice", null, 3);
    await b.setReadMarker("alice", null, 9);
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
        const all = {
          ...cases,
          ...signInCases,
          ...standingCases,
          ...directCases,
          ...inboxCases,
        };
        for (const [title, run] of Object.entries(all)) {
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
