/**
 * Conformance cases for standings: removing, banning, unbanning, leaving,
 * the channel roster and handing a channel over.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type Backend,
  moderate,
  type ModerationKind,
  partChannel,
  transferOwnership,
} from "../../lib/chat/mod.ts";
import { ask, type Case, decide, register } from "./helpers.ts";

/** An owner's act through the core's owner-first rule. */
function act(
  b: Backend,
  kind: ModerationKind,
  channel: string,
  name: string,
  by: string,
) {
  return moderate(b, { kind, channel, name, by });
}

async function people(b: Backend, ...names: string[]): Promise<void> {
  for (const n of names) await register(b, n, "pw", `${n}@x.io`);
}

async function members(b: Backend, channel: string): Promise<string[]> {
  return (await b.listRoster(channel, "granted")).items.map((r) => r.requester);
}

/** Every standing case, by title. */
export const standingCases: Record<string, Case> = {
  async "removes a member, who may then ask again"(b) {
    await people(b, "alice", "Bob", "carl");
    await b.registerChannel("club", "alice");
    await ask(b, "club", "Bob");
    await decide(b, "club", "bob", "alice", true);
    assert.deepEqual(await members(b, "CLUB"), ["Bob"]);
    const removed = await act(b, "remove", "club", "BOB", "Alice");
    assert.ok(removed.ok);
    assert.equal(removed.value.state, "removed");
    assert.equal(removed.value.requester, "Bob");
    assert.equal(removed.value.channel, "club");
    assert.equal(typeof removed.value.decidedAt, "number");
    assert.equal(await b.isMember("club", "bob"), false);
    assert.deepEqual(await members(b, "club"), []);
    assert.deepEqual(
      (await b.listRequestsBy("bob")).items.map((r) => r.state),
      ["removed"],
    );
    // Only a member can be removed.
    assert.deepEqual(await act(b, "remove", "club", "bob", "alice"), {
      ok: false,
      reason: "unchanged",
    });
    assert.deepEqual(await act(b, "remove", "club", "carl", "alice"), {
      ok: false,
      reason: "unchanged",
    });
    assert.deepEqual(await act(b, "remove", "club", "alice", "alice"), {
      ok: false,
      reason: "is_owner",
    });
    assert.deepEqual(await act(b, "remove", "club", "nobody", "alice"), {
      ok: false,
      reason: "no_participant",
    });
    const again = await ask(b, "club", "Bob");
    assert.ok(again.ok);
    assert.equal(again.value.state, "pending");
    assert.deepEqual(
      (await b.listPendingRequests("alice")).items.map((r) => r.requester),
      ["Bob"],
    );
  },

  async "bans anyone not banned and refuses their requests until unbanned"(
    b,
  ) {
    await people(b, "alice", "bob", "carl", "dan");
    await b.registerChannel("den", "alice");
    await ask(b, "den", "bob");
    await decide(b, "den", "bob", "alice", true);
    await ask(b, "den", "dan");
    // A member, a stranger and a pending requester.
    for (const name of ["bob", "carl", "DAN"]) {
      const banned = await act(b, "ban", "den", name, "alice");
      assert.ok(banned.ok, name);
      assert.equal(banned.value.state, "banned");
    }
    assert.equal(await b.isMember("den", "bob"), false);
    assert.deepEqual(await members(b, "den"), []);
    assert.deepEqual((await b.listPendingRequests("alice")).items, []);
    for (const name of ["bob", "carl", "dan"]) {
      assert.deepEqual(await ask(b, "den", name), {
        ok: false,
        reason: "banned",
      });
    }
    assert.deepEqual(await act(b, "ban", "den", "carl", "alice"), {
      ok: false,
      reason: "unchanged",
    });
    const first = await b.listRoster("DEN", "banned", { limit: 2 });
    assert.deepEqual(first.items.map((r) => r.requester), ["bob", "carl"]);
    const rest = await b.listRoster("den", "banned", { after: first.next });
    assert.deepEqual(rest.items.map((r) => r.requester), ["dan"]);
    assert.equal(rest.next, undefined);
    const lifted = await act(b, "unban", "den", "Carl", "alice");
    assert.ok(lifted.ok);
    assert.equal(lifted.value.state, "removed");
    assert.deepEqual(await act(b, "unban", "den", "carl", "alice"), {
      ok: false,
      reason: "unchanged",
    });
    assert.deepEqual(
      (await b.listRoster("den", "banned")).items.map((r) => r.requester),
      ["bob", "dan"],
    );
    const asked = await ask(b, "den", "carl");
    assert.ok(asked.ok);
    assert.equal(asked.value.state, "pending");
  },

  async "answers a non-owner's moderation forbidden, member or not"(b) {
    await people(b, "alice", "bob", "mallory");
    await b.registerChannel("vault", "alice");
    await ask(b, "vault", "bob");
    await decide(b, "vault", "bob", "alice", true);
    for (const kind of ["remove", "ban", "unban"] as const) {
      for (const name of ["bob", "nobody", "alice", "mallory"]) {
        assert.deepEqual(
          await act(b, kind, "vault", name, "mallory"),
          { ok: false, reason: "forbidden" },
          `${kind} ${name}`,
        );
      }
    }
    // A member is no owner either.
    assert.deepEqual(await act(b, "remove", "vault", "bob", "bob"), {
      ok: false,
      reason: "forbidden",
    });
    assert.equal(await b.isMember("vault", "bob"), true);
    assert.deepEqual(await act(b, "ban", "nope", "bob", "alice"), {
      ok: false,
      reason: "not_found",
    });
  },

  async "lets a member leave for good, but not the owner"(b) {
    await people(b, "alice", "bob", "carl");
    await b.registerChannel("hall", "alice");
    await ask(b, "hall", "bob");
    await decide(b, "hall", "bob", "alice", true);
    const left = await partChannel(b, { channel: "HALL", name: "BOB" });
    assert.ok(left.ok);
    assert.equal(left.value.state, "left");
    assert.equal(await b.isMember("hall", "bob"), false);
    assert.deepEqual(await members(b, "hall"), []);
    assert.deepEqual(await partChannel(b, { channel: "hall", name: "bob" }), {
      ok: false,
      reason: "not_member",
    });
    assert.deepEqual(await partChannel(b, { channel: "hall", name: "carl" }), {
      ok: false,
      reason: "not_member",
    });
    assert.deepEqual(
      await partChannel(b, { channel: "hall", name: "Alice" }),
      { ok: false, reason: "is_owner" },
    );
    assert.deepEqual(await partChannel(b, { channel: "x", name: "bob" }), {
      ok: false,
      reason: "not_found",
    });
    assert.ok((await ask(b, "hall", "bob")).ok);
  },

  async "hands a channel to a member, with its lists and pending requests"(b) {
    await people(b, "alice", "Bob", "carl", "dan");
    const created = await b.registerChannel("ship", "alice");
    assert.ok(created.ok);
    await b.registerChannel("boat", "alice");
    await ask(b, "ship", "bob");
    await decide(b, "ship", "bob", "alice", true);
    await ask(b, "ship", "carl");
    await ask(b, "boat", "carl");
    const hand = (to: string, by: string) =>
      transferOwnership(b, { channel: "ship", to, by });
    assert.deepEqual(await hand("carl", "alice"), {
      ok: false,
      reason: "not_member",
    });
    assert.deepEqual(await hand("bob", "carl"), {
      ok: false,
      reason: "forbidden",
    });
    assert.deepEqual(await hand("alice", "alice"), {
      ok: false,
      reason: "is_owner",
    });
    assert.deepEqual(await hand("nobody", "alice"), {
      ok: false,
      reason: "no_participant",
    });
    const moved = await hand("BOB", "ALICE");
    assert.ok(moved.ok);
    assert.equal(moved.value.owner, "Bob");
    assert.equal((await b.getChannel("ship"))?.owner, "Bob");
    assert.deepEqual(
      (await b.listChannelsOwnedBy("bob")).items.map((c) => c.name),
      ["ship"],
    );
    assert.deepEqual(
      (await b.listChannelsOwnedBy("alice")).items.map((c) => c.name),
      ["boat"],
    );
    // The old owner stays as a member; the new one owns it.
    assert.equal(await b.isMember("ship", "alice"), true);
    assert.equal(await b.isMember("ship", "bob"), true);
    assert.ok((await members(b, "ship")).includes("alice"));
    // Pending requests follow the channel to its new owner.
    assert.deepEqual(
      (await b.listPendingRequests("bob")).items.map((r) =>
        `${r.channel}/${r.requester}`
      ),
      ["ship/carl"],
    );
    assert.deepEqual(
      (await b.listPendingRequests("alice")).items.map((r) =>
        `${r.channel}/${r.requester}`
      ),
      ["boat/carl"],
    );
    assert.deepEqual(await decide(b, "ship", "carl", "alice", true), {
      ok: false,
      reason: "forbidden",
    });
    const granted = await decide(b, "ship", "carl", "bob", true);
    assert.ok(granted.ok);
    assert.deepEqual((await b.listPendingRequests("bob")).items, []);
    // A handover from a stale read of the channel does not land.
    assert.deepEqual(await b.transferChannel(created.value, "dan"), {
      ok: false,
      reason: "not_found",
    });
    assert.equal((await b.getChannel("ship"))?.owner, "Bob");
    // The new owner moderates; the old one no longer may.
    assert.deepEqual(await act(b, "remove", "ship", "carl", "alice"), {
      ok: false,
      reason: "forbidden",
    });
    assert.ok((await act(b, "remove", "ship", "alice", "bob")).ok);
    assert.equal(await b.isMember("ship", "alice"), false);
  },

  async "records exactly one of racing standing changes"(b) {
    await people(b, "alice", "bob");
    const created = await b.registerChannel("race", "alice");
    assert.ok(created.ok);
    await ask(b, "race", "bob");
    await decide(b, "race", "bob", "alice", true);
    const results = await Promise.all(
      Array.from(
        { length: 6 },
        (_, i) =>
          b.changeStanding(created.value, {
            name: "bob",
            from: ["granted"],
            to: i % 2 ? "removed" : "banned",
          }),
      ),
    );
    const won = results.filter((r) => r.ok);
    assert.equal(won.length, 1);
    const state = won[0].ok ? won[0].value.state : null;
    const banned = (await b.listRoster("race", "banned")).items;
    assert.deepEqual(
      banned.map((r) => r.requester),
      state === "banned" ? ["bob"] : [],
    );
    assert.deepEqual(await members(b, "race"), []);
  },

  async "pages a channel's members by name"(b) {
    await b.registerChannel("crowd", "owner");
    const names = ["eve", "Bob", "dan", "amy", "Cid"];
    for (const n of names) {
      await register(b, n, "pw", `${n}@x.io`);
      await ask(b, "crowd", n);
      await decide(b, "crowd", n, "owner", true);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await b.listRoster("crowd", "granted", { limit: 2, after });
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((r) => r.requester));
      if (!page.next) break;
      after = page.next;
    }
    assert.deepEqual(seen, ["amy", "Bob", "Cid", "dan", "eve"]);
    assert.deepEqual((await b.listRoster("nope", "granted")).items, []);
  },
};
