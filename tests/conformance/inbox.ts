/**
 * Conformance cases for notice inboxes: ids per inbox, oldest first,
 * exactly the acknowledged ones removed, never an id reused.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { JoinRequest, Notice } from "../../lib/chat/mod.ts";
import type { Case } from "./helpers.ts";

const request: JoinRequest = {
  channel: "club",
  requester: "bob",
  state: "pending",
  requestedAt: 5,
  decidedAt: null,
};

function lost(channel: string): Notice {
  return { type: "access_lost", channel, by: "olga", reason: "removed" };
}

/** Every inbox case, by title. */
export const inboxCases: Record<string, Case> = {
  async "numbers notices per inbox and lists the oldest first"(b) {
    const notices: Notice[] = [
      { type: "join_request", request },
      lost("a"),
      { type: "direct_unread", from: "bob", count: 1 },
    ];
    const ids = [];
    for (const n of notices) ids.push(await b.pushNotice("Alice", n));
    assert.deepEqual(ids, [1, 2, 3]);
    assert.equal(await b.pushNotice("bob", lost("b")), 1);
    const page = await b.listNotices("ALICE");
    assert.deepEqual(page, {
      notices: notices.map((notice, i) => ({ id: i + 1, notice })),
      hasMore: false,
    });
    assert.deepEqual((await b.listNotices("nobody")).notices, []);
  },

  async "acknowledges exactly the given notices, never reusing an id"(b) {
    for (const c of ["a", "b", "c", "d"]) await b.pushNotice("amy", lost(c));
    await b.ackNotices("AMY", [2]);
    const ids = async () =>
      (await b.listNotices("amy")).notices.map((n) => n.id);
    assert.deepEqual(await ids(), [1, 3, 4]);
    assert.deepEqual(await b.ackNotices("amy", [1, 3, 99, 3]), [1, 3]);
    assert.deepEqual(await ids(), [4]);
    await b.ackNotices("amy", []);
    await b.ackNotices("nobody", [1]);
    await b.ackNotices("amy", [4]);
    assert.deepEqual(await ids(), []);
    assert.equal(await b.pushNotice("amy", lost("e")), 5);
    assert.deepEqual(await ids(), [5]);
  },

  async "pages an inbox oldest first"(b) {
    for (let i = 0; i < 7; i++) await b.pushNotice("pat", lost(`c${i}`));
    const first = await b.listNotices("pat", { limit: 3 });
    assert.deepEqual(first.notices.map((n) => n.id), [1, 2, 3]);
    assert.equal(first.hasMore, true);
    await b.ackNotices("pat", first.notices.map((n) => n.id));
    const second = await b.listNotices("pat", { limit: 4 });
    assert.deepEqual(second.notices.map((n) => n.id), [4, 5, 6, 7]);
    assert.equal(second.hasMore, false);
  },

  async "gives each notice to one of two racing acknowledgements"(b) {
    for (let i = 0; i < 12; i++) await b.pushNotice("kim", lost(`k${i}`));
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const [one, two] = await Promise.all([
      b.ackNotices("kim", ids),
      b.ackNotices("KIM", [...ids].reverse()),
    ]);
    assert.deepEqual([...one, ...two].sort((x, y) => x - y), ids);
    assert.equal(one.filter((id) => two.includes(id)).length, 0);
    assert.deepEqual(await b.ackNotices("kim", ids), []);
    assert.deepEqual((await b.listNotices("kim")).notices, []);
  },

  async "gives racing notices distinct ids"(b) {
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => b.pushNotice("rex", lost(`r${i}`))),
    );
    assert.deepEqual(
      [...ids].sort((x, y) => x - y),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const page = await b.listNotices("rex", { limit: 50 });
    assert.equal(page.notices.length, 20);
  },
};
