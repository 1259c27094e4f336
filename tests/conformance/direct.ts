/**
 * Conformance cases for direct messages: per-conversation ids, history
 * paged like rooms, conversation lists, read markers and blocks.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { HistoryQuery } from "../../lib/chat/mod.ts";
import { assertAscending, type Case, texts } from "./helpers.ts";

function dm(sender: string, recipient: string, text: string, sentAt = 1) {
  return { sender, recipient, text, sentAt };
}

/** Every direct-message case, by title. */
export const directCases: Record<string, Case> = {
  async "numbers a conversation from 1, the same from either side"(b) {
    const first = await b.storeDirect(dm("Alice", "bob", "hi bob"));
    const reply = await b.storeDirect(dm("bob", "Alice", "hi alice"));
    const other = await b.storeDirect(dm("alice", "carl", "hi carl"));
    assert.deepEqual(
      [first.id, reply.id, other.id],
      [1, 2, 1],
    );
    assert.deepEqual(first, {
      id: 1,
      sender: "Alice",
      recipient: "bob",
      text: "hi bob",
      sentAt: 1,
    });
    const mine = await b.getDirectHistory("alice", "BOB");
    const theirs = await b.getDirectHistory("Bob", "alice");
    assert.deepEqual(texts(mine.messages), ["hi bob", "hi alice"]);
    assert.deepEqual(mine, theirs);
    assert.deepEqual(
      texts((await b.getDirectHistory("carl", "alice")).messages),
      ["hi carl"],
    );
    assert.deepEqual((await b.getDirectHistory("bob", "carl")).messages, []);
    // Private: nothing of it is in any room.
    assert.deepEqual((await b.getChatHistory()).messages, []);
    assert.deepEqual((await b.getChannelHistory("bob")).messages, []);
  },

  async "pages direct history exactly like a room"(b) {
    for (let i = 1; i <= 12; i++) {
      await b.storeDirect(
        dm(i % 2 ? "ann" : "ben", i % 2 ? "ben" : "ann", `m${i}`),
      );
    }
    const page = async (query: HistoryQuery) => {
      const p = await b.getDirectHistory("ann", "ben", query);
      return [texts(p.messages), p.hasMore];
    };
    assert.deepEqual(await page({ limit: 5 }), [
      ["m8", "m9", "m10", "m11", "m12"],
      true,
    ]);
    assert.deepEqual(await page({ limit: 5, before: 8 }), [
      ["m3", "m4", "m5", "m6", "m7"],
      true,
    ]);
    assert.deepEqual(await page({ limit: 5, before: 3 }), [
      ["m1", "m2"],
      false,
    ]);
    assert.deepEqual(await page({ limit: 3, after: 7 }), [
      ["m8", "m9", "m10"],
      true,
    ]);
    assert.deepEqual(await page({ after: 12 }), [[], false]);
    assert.deepEqual(await page({ after: 2.5, limit: 2 }), [
      ["m3", "m4"],
      true,
    ]);
    assert.deepEqual(await page({ before: 1 }), [[], false]);
    assert.deepEqual(await page({ after: Infinity }), [[], false]);
  },

  async "keeps direct ids unique and gapless under concurrent sends"(b) {
    const sent = await Promise.all(
      Array.from(
        { length: 40 },
        (_, i) =>
          b.storeDirect(dm(i % 2 ? "x1" : "y2", i % 2 ? "y2" : "x1", `d${i}`)),
      ),
    );
    const ids = sent.map((m) => m.id).sort((x, y) => x - y);
    assert.deepEqual(ids, ids.map((_, i) => i + 1));
    const page = await b.getDirectHistory("y2", "x1", { limit: 100 });
    assert.equal(page.messages.length, 40);
    assertAscending(page.messages);
  },

  async "lists each side's conversations with the newest message"(b) {
    await b.storeDirect(dm("amy", "Zed", "one", 10));
    await b.storeDirect(dm("Bea", "amy", "two", 20));
    await b.storeDirect(dm("amy", "cal", "three", 30));
    await b.storeDirect(dm("zed", "amy", "four", 40));
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await b.listConversations("Amy", { limit: 2, after });
      seen.push(...page.items.map((c) => `${c.peer}:${c.lastId}:${c.lastAt}`));
      if (!page.next) break;
      after = page.next;
    }
    assert.deepEqual(seen, ["Bea:1:20", "cal:1:30", "zed:2:40"]);
    assert.deepEqual(
      (await b.listConversations("ZED")).items.map((c) => [c.peer, c.lastId]),
      [["amy", 2]],
    );
    assert.deepEqual((await b.listConversations("nobody")).items, []);
  },

  async "keeps read markers per conversation, apart from rooms"(b) {
    await b.setReadMarker("alice", { peer: "Bob" }, 4);
    assert.equal(await b.getReadMarker("ALICE", { peer: "bob" }), 4);
    assert.equal(await b.getReadMarker("bob", { peer: "alice" }), 0);
    assert.equal(await b.getReadMarker("alice", "bob"), 0);
    assert.equal(await b.getReadMarker("alice", null), 0);
    assert.equal(await b.getReadMarker("alice", { peer: "carl" }), 0);
    await b.setReadMarker("alice", { peer: "bob" }, 2);
    assert.equal(await b.getReadMarker("alice", { peer: "bob" }), 4);
    await b.setReadMarker("alice", "bob", 9);
    assert.equal(await b.getReadMarker("alice", { peer: "bob" }), 4);
  },

  async "blocks one way, lists blocks and lifts them"(b) {
    assert.equal(await b.isBlocked("alice", "bob"), false);
    await b.setBlock("Alice", "Bob", true);
    await b.setBlock("alice", "carl", true);
    assert.equal(await b.isBlocked("ALICE", "bob"), true);
    assert.equal(await b.isBlocked("bob", "alice"), false);
    const first = await b.listBlocks("alice", { limit: 1 });
    assert.deepEqual(first.items.map((x) => x.name), ["Bob"]);
    assert.equal(typeof first.items[0].at, "number");
    const rest = await b.listBlocks("alice", { after: first.next });
    assert.deepEqual(rest.items.map((x) => x.name), ["carl"]);
    await b.setBlock("alice", "BOB", false);
    assert.equal(await b.isBlocked("alice", "bob"), false);
    await b.setBlock("alice", "bob", false);
    assert.deepEqual(
      (await b.listBlocks("alice")).items.map((x) => x.name),
      ["carl"],
    );
    assert.deepEqual((await b.listBlocks("bob")).items, []);
  },

  async "stores direct text byte for byte"(b) {
    const text = 'ünï 👋 a:b/c#d \\ "q" '.repeat(50).slice(0, 800);
    await b.storeDirect(dm("a1", "b1", text));
    const [read] = (await b.getDirectHistory("b1", "a1")).messages;
    assert.equal(read.text, text);
  },
};
