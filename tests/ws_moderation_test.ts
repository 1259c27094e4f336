import assert from "node:assert/strict";
import {
  frame,
  said,
  startServer,
  type TestServer,
  type WsClient,
} from "./_support/mod.ts";

/** olga owns #club, bob is a member in it; both on WebSockets. */
async function club(server: TestServer) {
  const olga = await server.ws("olga");
  const bob = await server.ws("bob");
  olga.send({ type: "create_channel", channel: "club" });
  await olga.expect(frame("channel_created", { name: "club" }));
  bob.send({ type: "request_access", channel: "club" });
  await olga.expect(frame("join_request", { requester: "bob" }));
  olga.send({ type: "grant", channel: "club", name: "bob" });
  await bob.expect(frame("access_changed", { state: "granted" }));
  for (const c of [olga, bob]) {
    c.send({ type: "join", channel: "club" });
    await c.expect(frame("room", { channel: "club" }));
  }
  return { olga, bob };
}

async function ask(c: WsClient, f: Record<string, unknown>, ref: number) {
  const from = c.frames.length;
  c.send({ ...f, ref });
  return await c.expect((x) => x.ref === ref, { from });
}

Deno.test("ws remove moves the member out, tells them why, and stops the channel's messages and history", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    const reply = await ask(olga, {
      type: "remove",
      channel: "club",
      name: "bob",
    }, 1);
    assert.deepEqual(
      [reply.type, reply.requester, reply.state],
      ["request", "bob", "removed"],
    );
    await bob.expect(
      frame("access_lost", { channel: "club", by: "olga", reason: "removed" }),
    );
    await bob.expect(frame("room", { channel: null }));
    olga.send({ type: "say", text: "after removal" });
    olga.send({ type: "say", channel: null, text: "sync" });
    await bob.expect(said("sync"));
    assert.ok(!bob.frames.some((f) => f.text === "after removal"));
    const refused = await ask(bob, { type: "history", channel: "club" }, 2);
    assert.deepEqual([refused.type, refused.code], ["error", "forbidden"]);
    const say = await ask(bob, { type: "say", channel: "club", text: "x" }, 3);
    assert.equal(say.code, "forbidden");
    // The same rule over HTTP.
    const token = await (await fetch(`${server.httpBase}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "bob", password: "bob-password" }),
    })).json();
    const res = await fetch(`${server.httpBase}/api/history?channel=club`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(res.status, 403);
    await res.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("ws ban, bans and unban; a banned participant's request is refused", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    const banned = await ask(olga, {
      type: "ban",
      channel: "club",
      name: "bob",
    }, 1);
    assert.equal(banned.state, "banned");
    await bob.expect(frame("access_lost", { reason: "banned", by: "olga" }));
    const again = await ask(
      bob,
      { type: "request_access", channel: "club" },
      2,
    );
    assert.deepEqual([again.type, again.code], ["error", "banned"]);
    const list = await ask(olga, { type: "bans", channel: "club" }, 3);
    assert.deepEqual(
      (list.items as { requester: string }[]).map((r) => r.requester),
      ["bob"],
    );
    const notOwner = await ask(bob, { type: "bans", channel: "club" }, 4);
    assert.equal(notOwner.code, "forbidden");
    const lifted = await ask(olga, {
      type: "unban",
      channel: "club",
      name: "bob",
    }, 5);
    assert.equal(lifted.state, "removed");
    await bob.expect(frame("unbanned", { channel: "club", by: "olga" }));
    const asked = await ask(
      bob,
      { type: "request_access", channel: "club" },
      6,
    );
    assert.equal(asked.state, "pending");
  } finally {
    await server.close();
  }
});

Deno.test("ws part, members and transfer", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    const members = await ask(bob, { type: "members", channel: "club" }, 1);
    assert.deepEqual(members.owner, { name: "olga", online: true });
    assert.deepEqual(members.items, [{ name: "bob", online: true }]);
    const carl = await server.ws("carl");
    const outsider = await ask(carl, { type: "members", channel: "club" }, 2);
    assert.equal(outsider.code, "forbidden");
    const moved = await ask(olga, {
      type: "transfer",
      channel: "club",
      name: "bob",
    }, 3);
    assert.deepEqual([moved.type, moved.owner], ["channel_updated", "bob"]);
    await bob.expect(frame("owner_changed", { channel: "club", by: "olga" }));
    // Everyone signed in, outsiders too, learns the channel's new owner.
    await carl.expect(frame("channel_updated", { name: "club", owner: "bob" }));
    const stuck = await ask(bob, { type: "part", channel: "club" }, 4);
    assert.equal(stuck.code, "invalid");
    const left = await ask(olga, { type: "part", channel: "club" }, 5);
    assert.deepEqual([left.type, left.state], ["request", "left"]);
    await olga.expect(
      frame("access_lost", { channel: "club", reason: "left" }),
    );
    await olga.expect(frame("room", { channel: null }));
    const channels = await ask(olga, { type: "channels" }, 6);
    assert.deepEqual(channels.items, [
      { name: "club", owner: "bob", access: "none" },
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("ws direct messages: live to both, history only for the two, unread counts, blocks", async () => {
  const server = await startServer();
  try {
    const alice = await server.ws("alice");
    const bob = await server.ws("bob");
    const carl = await server.ws("carl");
    // A numbered msg is told its id, as a numbered say is.
    const sent = await ask(
      alice,
      { type: "msg", to: "bob", text: "hi bob" },
      1,
    );
    assert.deepEqual(sent, { type: "sent", id: 1, dm: "bob", ref: 1 });
    for (const c of [alice, bob]) {
      await c.expect(
        frame("direct", { sender: "alice", recipient: "bob", text: "hi bob" }),
      );
    }
    carl.send({ type: "say", text: "sync" });
    await carl.expect(said("sync"));
    assert.ok(!carl.frames.some((f) => f.type === "direct"));
    const convs = await ask(bob, { type: "conversations" }, 2);
    assert.deepEqual(
      (convs.items as Record<string, unknown>[]).map((c) => [c.peer, c.unread]),
      [["alice", 1]],
    );
    const page = await ask(bob, { type: "history", dm: "alice" }, 3);
    assert.deepEqual(
      (page.messages as { text: string }[]).map((m) => m.text),
      ["hi bob"],
    );
    assert.equal(page.dm, "alice");
    const both = await ask(
      bob,
      { type: "history", dm: "alice", channel: null },
      4,
    );
    assert.equal(both.code, "invalid");
    bob.send({ type: "dm_read", name: "alice", id: 1 });
    const read = await ask(bob, { type: "conversations" }, 5);
    assert.equal((read.items as { unread: number }[])[0].unread, 0);
    // Nobody else can name that conversation: carl's is his own with alice.
    const theirs = await ask(carl, { type: "history", dm: "alice" }, 6);
    assert.deepEqual(theirs.messages, []);
    const blocked = await ask(bob, { type: "block", name: "alice" }, 7);
    assert.deepEqual([blocked.type, blocked.name, blocked.blocked], [
      "blocked",
      "alice",
      true,
    ]);
    const refused = await ask(alice, { type: "msg", to: "bob", text: "?" }, 8);
    assert.deepEqual([refused.code, refused.message], [
      "forbidden",
      "Message not sent to bob",
    ]);
    const list = await ask(bob, { type: "blocks" }, 9);
    assert.deepEqual(
      (list.items as { name: string }[]).map((b) => b.name),
      ["alice"],
    );
  } finally {
    await server.close();
  }
});

Deno.test("http direct history is readable by its two participants only", async () => {
  const server = await startServer();
  try {
    const alice = await server.ws("alice");
    await server.ws("bob");
    await server.ws("carl");
    alice.send({ type: "msg", to: "bob", text: "private words" });
    await alice.expect(frame("direct", { text: "private words" }));
    const read = async (who: string, peer: string) => {
      const login = await (await fetch(`${server.httpBase}/api/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: who, password: `${who}-password` }),
      })).json();
      const res = await fetch(`${server.httpBase}/api/history?dm=${peer}`, {
        headers: { authorization: `Bearer ${login.token}` },
      });
      assert.equal(res.status, 200);
      return ((await res.json()).messages as { text: string }[]).map((m) =>
        m.text
      );
    };
    assert.deepEqual(await read("bob", "alice"), ["private words"]);
    assert.deepEqual(await read("alice", "BOB"), ["private words"]);
    assert.deepEqual(await read("carl", "alice"), []);
    assert.deepEqual(await read("carl", "bob"), []);
  } finally {
    await server.close();
  }
});

Deno.test("ws socket signing in gets notices it missed after hello, and a direct-message summary", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    await bob.close();
    // Offline for the server too: a notice to a socket still closing
    // there counts as delivered.
    await olga.expect(frame("presence", { name: "bob", online: false }));
    olga.send({ type: "remove", channel: "club", name: "bob" });
    await olga.expect(frame("request", { state: "removed" }));
    olga.send({ type: "msg", to: "bob", text: "sorry" });
    olga.send({ type: "msg", to: "bob", text: "really" });
    await olga.expect(frame("direct", { text: "really" }));
    const back = await server.ws("bob");
    await back.expect(
      frame("access_lost", { channel: "club", reason: "removed" }),
    );
    await back.expect(frame("direct_unread", { from: "olga", count: 2 }));
    const hello = back.frames.findIndex((f) => f.type === "hello");
    const lost = back.frames.findIndex((f) => f.type === "access_lost");
    assert.ok(hello < lost);
    await back.close();
    const again = await server.ws("bob");
    const sync = await ask(again, { type: "who" }, 1);
    assert.equal(sync.type, "participants");
    assert.ok(!again.frames.some((f) => f.type === "access_lost"));
    assert.ok(!again.frames.some((f) => f.type === "direct_unread"));
  } finally {
    await server.close();
  }
});

Deno.test("ws dm enters a conversation: say goes there until a channel is named", async () => {
  const server = await startServer();
  try {
    const alice = await server.ws("alice");
    const bob = await server.ws("bob");
    const entered = await ask(alice, { type: "dm", name: "BOB" }, 1);
    assert.deepEqual(entered, {
      type: "room",
      channel: null,
      dm: "bob",
      ref: 1,
    });
    const sent = await ask(alice, { type: "say", text: "in private" }, 2);
    assert.deepEqual(sent, { type: "sent", id: 1, dm: "bob", ref: 2 });
    await bob.expect(frame("direct", { text: "in private" }));
    const back = await ask(alice, {
      type: "say",
      channel: null,
      text: "in public",
    }, 3);
    assert.deepEqual(back, { type: "room", channel: null, ref: 3 });
    await bob.expect(said("in public"));
    const nobody = await ask(alice, { type: "dm", name: "nobody" }, 4);
    assert.equal(nobody.code, "not_found");
  } finally {
    await server.close();
  }
});
