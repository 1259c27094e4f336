import assert from "node:assert/strict";
import { MemoryBackend } from "../lib/backends/memory.ts";
import { ChatError } from "../lib/chat/mod.ts";
import {
  FakeSink,
  loggedIn,
  ManualClock,
  testSession,
  type TestSessionOptions,
} from "./_support/mod.ts";

function setup(options: TestSessionOptions = {}) {
  const backend = options.backend ?? new MemoryBackend();
  const session = testSession({ ...options, backend });
  const join = (name: string) => loggedIn(session, name);
  return { backend, session, join };
}

async function rejects(work: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(work, (e) => e instanceof ChatError && e.code === code);
}

Deno.test("Session keys connections by id, several per participant", async () => {
  const { session, join } = setup();
  const a1 = await join("alice");
  const a2 = await join("alice");
  assert.notEqual(a1.conn.id, a2.conn.id);
  assert.equal(session.size, 2);
  assert.equal(session.connection(a1.conn.id), a1.conn);
  a1.conn.close();
  assert.equal(session.size, 1);
  assert.equal(session.isOnline("ALICE"), true);
  a2.conn.close();
  assert.equal(session.isOnline("alice"), false);
  assert.equal(session.connection(a2.conn.id), undefined);
  session.close();
});

Deno.test("Session moves connections through pending, connected and closed", async () => {
  const { session } = setup();
  await session.register("bob", "bob-password", "b@x.io");
  const conn = session.connect(new FakeSink(), { transport: "test" });
  assert.equal(conn.state, "pending");
  await rejects(conn.say("hi"), "unauthorized");
  await rejects(conn.login("bob", "wrong"), "invalid_credentials");
  await conn.login("bob", "bob-password");
  assert.equal(conn.state, "connected");
  await rejects(conn.login("bob", "bob-password"), "invalid");
  conn.close();
  assert.equal(conn.state, "closed");
  session.close();
});

Deno.test("Session persists a message before broadcasting it to the room only", async () => {
  const { backend, session, join } = setup();
  const a = await join("alice");
  const b = await join("bob");
  const c = await join("carl");
  await a.conn.createChannel("club");
  await a.conn.join("club");
  await c.conn.requests.ask("club");
  await a.conn.requests.grant("club", "carl");
  await c.conn.join("club");
  const sent = await a.conn.say("in club");
  assert.equal(sent.id, 1);
  await b.conn.say("general");
  assert.deepEqual(a.sink.texts, ["in club"]);
  assert.deepEqual(c.sink.texts, ["in club"]);
  assert.deepEqual(b.sink.texts, ["general"]);
  assert.deepEqual(
    (await backend.getChannelHistory("club")).messages.map((m) => m.text),
    ["in club"],
  );
  assert.deepEqual(
    (await backend.getChatHistory()).messages.map((m) => m.text),
    ["general"],
  );
  await rejects(b.conn.history({}, "club"), "forbidden");
  session.close();
});

Deno.test("Session never reports a message as sent when storage fails", async () => {
  const backend = new MemoryBackend();
  const { session, join } = setup({ backend });
  const a = await join("alice");
  const b = await join("bob");
  backend.storeMessage = () => Promise.reject(new Error("connection refused"));
  await assert.rejects(
    a.conn.say("lost"),
    (e) =>
      e instanceof ChatError && e.code === "unavailable" &&
      e.message === "Message not sent: storage unavailable",
  );
  assert.deepEqual(b.sink.texts, []);
  assert.equal(a.conn.state, "connected");
  session.close();
});

Deno.test("Session tells owners of requests and requesters of decisions", async () => {
  const { session, join } = setup();
  const owner = await join("olga");
  const guest = await join("gus");
  await owner.conn.createChannel("den");
  await guest.conn.requests.ask("den");
  assert.ok(
    owner.sink.events.some((e) =>
      e.type === "join_request" && e.request.requester === "gus"
    ),
  );
  await rejects(guest.conn.requests.ask("den"), "already_pending");
  await rejects(guest.conn.requests.grant("den", "gus"), "forbidden");
  await owner.conn.requests.deny("den", "gus");
  assert.ok(
    guest.sink.events.some((e) =>
      e.type === "access_changed" && e.request.state === "denied"
    ),
  );
  await rejects(guest.conn.join("den"), "forbidden");
  await rejects(guest.conn.join("nowhere"), "not_found");
  session.close();
});

Deno.test("Session lists every stored participant with online marks", async () => {
  const { session, join } = setup();
  await session.register("offline1", "offline1-password", "o@x.io");
  const a = await join("alice");
  const page = await a.conn.who();
  assert.deepEqual(page.items, [{ name: "alice", online: true }, {
    name: "offline1",
    online: false,
  }]);
  session.close();
});

Deno.test("Session announces presence when the first connection comes and the last goes", async () => {
  const { session, join } = setup();
  const watcher = await join("watcher");
  const b1 = await join("bob");
  const b2 = await join("bob");
  b1.conn.close();
  b2.conn.close();
  const presence = watcher.sink.events.flatMap((e) =>
    e.type === "presence" ? [`${e.name}:${e.online}`] : []
  );
  assert.deepEqual(presence, ["watcher:true", "bob:true", "bob:false"]);
  session.close();
});

Deno.test("Session disconnects idle connections with the notice and forgets them", async () => {
  const clock = new ManualClock();
  // A sweep every second; a connection goes at most one sweep late.
  const { session, join } = setup({ idleTimeoutMs: 60_000, clock });
  const a = await join("alice");
  const pending = session.connect(new FakeSink(), { transport: "test" });
  clock.advance(59_999);
  assert.equal(a.sink.closed, null, "not idle before the timeout");
  assert.equal(session.size, 2);
  clock.advance(1_000);
  assert.equal(a.sink.closed, "idle");
  assert.deepEqual(a.sink.events.at(-1), {
    type: "system",
    text: "you were idle for too long, disconnecting",
  });
  assert.equal(pending.state, "closed");
  assert.equal(session.size, 0);
  assert.equal(session.isOnline("alice"), false);
  session.close();
});

Deno.test("Session postpones the idle disconnect on activity", async () => {
  const clock = new ManualClock();
  const { session, join } = setup({ idleTimeoutMs: 60_000, clock });
  const a = await join("alice");
  const b = await join("bob");
  clock.advance(40_000);
  a.conn.touch();
  clock.advance(30_000);
  assert.equal(b.sink.closed, "idle");
  assert.equal(a.sink.closed, null, "active 30 s ago");
  clock.advance(31_000);
  assert.equal(a.sink.closed, "idle");
  session.close();
});

Deno.test("Session keeps delivering when one sink throws", async () => {
  const { session, join } = setup();
  const broken = await join("broken");
  const fine = await join("fine");
  broken.sink.send = () => {
    throw new Error("socket gone");
  };
  await fine.conn.say("still works");
  assert.deepEqual(fine.sink.texts, ["still works"]);
  assert.equal(broken.conn.state, "closed");
  assert.equal(session.size, 1);
  session.close();
});

Deno.test("Session close ends every connection with the reason", async () => {
  const { session, join } = setup();
  const a = await join("alice");
  const b = await join("bob");
  session.close("shutdown");
  assert.equal(a.sink.closed, "shutdown");
  assert.equal(b.sink.closed, "shutdown");
  assert.equal(session.size, 0);
});
