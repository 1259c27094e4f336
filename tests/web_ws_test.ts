import assert from "node:assert/strict";
import type { Session } from "../lib/chat/mod.ts";
import { serveTelnet } from "../lib/telnet/server.ts";
import { serveWeb, type WebServer } from "../lib/web/mod.ts";
import {
  frame,
  TelnetClient,
  testEngine,
  testSession,
  WsClient,
} from "./_support/mod.ts";

interface Harness {
  session: Session;
  web: WebServer;
  url: string;
  /** Registers `name` and returns its API token. */
  token(name: string): Promise<string>;
  /** A socket signed in as `name` through the first-frame token. */
  connect(name: string): Promise<WsClient>;
  done(): Promise<void>;
}

async function harness(
  idleTimeoutMs = 0,
  maxFrameBytes?: number,
): Promise<Harness> {
  const session = testSession({ idleTimeoutMs });
  const web = serveWeb(session, {
    port: 0,
    secret: "ws-secret",
    maxFrameBytes,
    engine: testEngine(),
  });
  await web.listening;
  const base = `http://127.0.0.1:${web.addr.port}`;
  const clients: WsClient[] = [];
  const token = async (name: string) => {
    if (!(await session.isRegistered(name))) {
      await session.register(name, "password-1", `${name}@example.org`);
    }
    const res = await fetch(`${base}/api/login`, {
      method: "POST",
      body: JSON.stringify({ name, password: "password-1" }),
      headers: { "content-type": "application/json" },
    });
    return (await res.json()).token;
  };
  return {
    session,
    web,
    url: `ws://127.0.0.1:${web.addr.port}/ws`,
    token,
    async connect(name) {
      const t = await token(name);
      const client = await WsClient.open(`ws://127.0.0.1:${web.addr.port}/ws`);
      clients.push(client);
      client.send({ type: "auth", token: t });
      await client.expect(frame("hello", { name }));
      return client;
    },
    async done() {
      await Promise.all(clients.map((c) => c.close()));
      await web.close();
      session.close();
    },
  };
}

Deno.test("ws socket signs in by cookie and its messages reach the room", async () => {
  const h = await harness();
  const t = await h.token("alice");
  const alice = await WsClient.open(h.url, {
    headers: {
      cookie: `parley_session=${t}`,
      origin: `http://127.0.0.1:${h.web.addr.port}`,
    },
  });
  await alice.expect(frame("hello", { name: "alice", room: null }));
  const bob = await h.connect("bob");
  alice.send({ type: "say", text: "hi bob" });
  const got = await bob.expect(frame("message", { text: "hi bob" }));
  assert.equal(got.sender, "alice");
  assert.equal(got.channel, null);
  assert.equal(got.id, 1);
  assert.equal(typeof got.sentAt, "number");
  await alice.close();
  await h.done();
});

Deno.test("ws socket without a session must authenticate first", async () => {
  const h = await harness();
  const anon = await WsClient.open(h.url);
  anon.send({ type: "say", text: "hello?" });
  await anon.expect(frame("error", { code: "unauthorized" }));
  anon.send({ type: "auth", token: "forged.token" });
  await anon.expect(
    frame("error", {
      code: "unauthorized",
      message: "Sign in again; this session is not valid",
    }),
  );
  assert.equal((await anon.closed).code, 1011);
  await h.done();
});

Deno.test("ws invalid frames get error frames and the socket stays usable; a huge one closes it with 1009", async () => {
  const h = await harness(0, 1024);
  const alice = await h.connect("alice");
  alice.send("not json");
  await alice.expect(
    frame("error", { code: "invalid", message: "Frame is not valid JSON" }),
  );
  alice.send({ type: "dance", ref: 7 });
  await alice.expect(frame("error", { code: "invalid", ref: 7 }));
  alice.send({ type: "say", text: 42 });
  await alice.expect(
    frame("error", { message: "Field text of say must be a string" }),
  );
  alice.socket.send(new Uint8Array([1, 2, 3]));
  await alice.expect(frame("error", { message: "Frames must be JSON text" }));
  alice.send({ type: "say", text: "still here" });
  await alice.expect(frame("message", { text: "still here" }));
  alice.send({ type: "say", text: "x".repeat(2000) });
  await alice.expect(
    frame("error", {
      code: "too_long",
      message: "Frames are limited to 1024 bytes",
    }),
  );
  assert.equal((await alice.closed).code, 1009);
  await h.done();
});

Deno.test("ws channel messages and history reach only the owner and granted members", async () => {
  const h = await harness();
  const alice = await h.connect("alice");
  const bob = await h.connect("bob");
  alice.send({ type: "create_channel", channel: "secret", ref: 1 });
  await alice.expect(frame("channel_created", { name: "secret", ref: 1 }));
  alice.send({ type: "say", text: "for owners only", channel: "secret" });
  await alice.expect(frame("room", { channel: "secret" }));
  await alice.expect(
    frame("message", { text: "for owners only", channel: "secret" }),
  );

  bob.send({ type: "join", channel: "secret" });
  await bob.expect(frame("error", { code: "forbidden" }));
  bob.send({ type: "history", channel: "secret" });
  await bob.expect(frame("error", { code: "forbidden" }));
  bob.send({ type: "say", text: "let me in", channel: "secret" });
  const refused = bob.frames.length;
  await bob.expect(frame("error", { code: "forbidden" }), {
    from: refused - 1,
  });
  alice.send({ type: "say", text: "second secret", channel: "secret" });
  await alice.expect(frame("message", { text: "second secret" }));
  assert.ok(
    !bob.frames.some((f) => f.type === "message" && f.channel === "secret"),
  );

  bob.send({ type: "channels", ref: "c" });
  const list = await bob.expect(frame("channels", { ref: "c" }));
  assert.deepEqual(list.items, [{
    name: "secret",
    owner: "alice",
    access: "none",
  }]);
  bob.send({ type: "request_access", channel: "secret" });
  await bob.expect(frame("request", { channel: "secret", state: "pending" }));
  await alice.expect(
    frame("join_request", { channel: "secret", requester: "bob" }),
  );
  alice.send({ type: "grant", channel: "secret", name: "bob" });
  await alice.expect(frame("request", { requester: "bob", state: "granted" }));
  await bob.expect(
    frame("access_changed", { channel: "secret", state: "granted" }),
  );

  bob.send({ type: "history", channel: "secret", limit: 10 });
  const page = await bob.expect(frame("history", { channel: "secret" }));
  assert.deepEqual((page.messages as { text: string }[]).map((m) => m.text), [
    "for owners only",
    "second secret",
  ]);
  bob.send({ type: "join", channel: "secret" });
  await bob.expect(frame("room", { channel: "secret" }));
  alice.send({ type: "say", text: "welcome bob" });
  await bob.expect(
    frame("message", { text: "welcome bob", channel: "secret" }),
  );
  await h.done();
});

Deno.test("ws history pages backwards and catches up after a cursor", async () => {
  const h = await harness();
  const alice = await h.connect("alice");
  for (let i = 1; i <= 5; i++) alice.send({ type: "say", text: `m${i}` });
  await alice.expect(frame("message", { text: "m5" }));
  alice.send({ type: "history", channel: null, limit: 2 });
  const newest = await alice.expect(frame("history"));
  assert.deepEqual((newest.messages as { id: number }[]).map((m) => m.id), [
    4,
    5,
  ]);
  assert.equal(newest.hasMore, true);
  alice.send({ type: "history", channel: null, before: 4, limit: 2, ref: "b" });
  const older = await alice.expect(frame("history", { ref: "b" }));
  assert.deepEqual((older.messages as { id: number }[]).map((m) => m.id), [
    2,
    3,
  ]);
  alice.send({ type: "history", channel: null, after: 3, ref: "a" });
  const missed = await alice.expect(frame("history", { ref: "a" }));
  assert.deepEqual((missed.messages as { id: number }[]).map((m) => m.id), [
    4,
    5,
  ]);
  assert.equal(missed.after, 3);
  await h.done();
});

Deno.test("ws and telnet users in one room see each other at once", async () => {
  const h = await harness();
  const telnet = serveTelnet(h.session, { port: 0 });
  const alice = await h.connect("alice");
  await h.session.register("bob", "password-1", "bob@example.org");
  const bob = await TelnetClient.connect(telnet.addr.port);
  await bob.expect("Type a number");
  await bob.ask("/login bob password-1", "Welcome, bob");
  await alice.expect(frame("presence", { name: "bob", online: true }));
  alice.send({ type: "say", text: "hello telnet" });
  await bob.expect("<alice> hello telnet");
  await bob.send("hello browser");
  const got = await alice.expect(frame("message", { text: "hello browser" }));
  assert.equal(got.sender, "bob");
  await bob.close();
  await telnet.close();
  await h.done();
});

Deno.test("ws idle timeout sends the notice and closes with 4000 idle", async () => {
  const h = await harness(300);
  const alice = await h.connect("alice");
  await alice.expect(
    frame("system", { text: "you were idle for too long, disconnecting" }),
    {
      timeoutMs: 3000,
    },
  ).catch(() => {});
  const closed = await alice.closed;
  assert.equal(closed.code, 4000);
  assert.equal(closed.reason, "idle");
  assert.ok(alice.frames.some((f) => f.type === "system"));
  await h.done();
});

Deno.test("ws sockets are closed with 1012 when the server shuts down", async () => {
  const h = await harness();
  const alice = await h.connect("alice");
  const closing = alice.closed;
  await h.web.close();
  assert.equal((await closing).code, 1012);
  h.session.close();
});

Deno.test("ws handshake from a foreign Origin is refused", async () => {
  const h = await harness();
  await assert.rejects(
    WsClient.open(h.url, { headers: { origin: "https://evil.example" } }),
  );
  await h.done();
});
