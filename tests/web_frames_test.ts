/**
 * The WebSocket frames the browser client relies on: a cookie socket
 * refused at once, `sent` for a numbered `say`, `unread` and `read`, and
 * `channel_added` for everyone.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  frame,
  markerReaches,
  said,
  startServer,
  WsClient,
} from "./_support/mod.ts";

Deno.test("ws refuses at once a page that signs in by cookie without a valid one", async () => {
  const server = await startServer();
  try {
    const url = server.httpBase.replace("http", "ws") + "/ws";
    const started = Date.now();
    const noCookie = await WsClient.open(`${url}?auth=cookie`);
    await noCookie.expect(frame("error", { code: "unauthorized" }));
    assert.equal((await noCookie.closed).code, 1011);
    const badCookie = await WsClient.open(url, {
      headers: { cookie: "parley_session=forged.token" },
    });
    await badCookie.expect(frame("error", { code: "unauthorized" }));
    await badCookie.closed;
    // Long before the 10 s an auth frame may take.
    assert.ok(Date.now() - started < 5000);
  } finally {
    await server.close();
  }
});

Deno.test("ws say with a ref is answered with sent and the stored id; without one, not", async () => {
  const server = await startServer();
  try {
    const alice = await server.ws("alice");
    alice.send({ type: "say", text: "first" });
    await alice.expect(said("first"));
    alice.send({ type: "say", text: "second", ref: "m2" });
    const sent = await alice.expect(frame("sent", { ref: "m2" }));
    assert.deepEqual(sent, { type: "sent", id: 2, channel: null, ref: "m2" });
    assert.equal(alice.frames.filter((f) => f.type === "sent").length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("ws unread gives counts per room, then delivers the other rooms' messages; read clears a room", async () => {
  const server = await startServer();
  try {
    const alice = await server.ws("alice");
    const bob = await server.ws("bob");
    alice.send({ type: "create_channel", channel: "club" });
    await bob.expect(frame("channel_added", { name: "club", owner: "alice" }));
    await alice.expect(frame("channel_created", { name: "club" }));
    bob.send({ type: "request_access", channel: "club" });
    await alice.expect(frame("join_request"));
    alice.send({ type: "grant", channel: "club", name: "bob" });
    await bob.expect(frame("access_changed", { state: "granted" }));
    alice.send({ type: "say", text: "hey @bob", channel: "club" });
    await alice.expect(said("hey @bob"));

    bob.send({ type: "unread", ref: 1 });
    const counts = await bob.expect(frame("unread", { ref: 1 }));
    assert.deepEqual(counts.items, [
      { channel: null, count: 0, mentions: 0, lastId: 0 },
      { channel: "club", count: 1, mentions: 1, lastId: 1 },
    ]);
    alice.send({
      type: "say",
      text: "while bob is elsewhere",
      channel: "club",
    });
    const live = await bob.expect(said("while bob is elsewhere"));
    assert.equal(live.channel, "club");

    bob.send({ type: "join", channel: "club" });
    await bob.expect(frame("room", { channel: "club" }));
    bob.send({ type: "read" });
    await markerReaches(server.backend, { name: "bob", room: "club", id: 2 });
  } finally {
    await server.close();
  }
});
