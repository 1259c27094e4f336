/**
 * The core's unread counts, room following, new-channel announcements and
 * mention rule, through the session's door (no transport).
 *
 * @module
 */
import assert from "node:assert/strict";
import { MemoryBackend } from "../lib/backends/memory.ts";
import {
  type ChatEvent,
  MemoryBus,
  mentionedNames,
  mentions,
} from "../lib/chat/mod.ts";
import {
  FakeSink,
  loggedIn,
  markerReaches,
  testSession,
  until,
} from "./_support/mod.ts";

function setup(backend = new MemoryBackend(), bus = new MemoryBus()) {
  const session = testSession({ backend, bus });
  return { backend, session, join: (name: string) => loggedIn(session, name) };
}

const created = (events: ChatEvent[]) =>
  events.flatMap((e) => e.type === "channel_created" ? [e.channel.name] : []);

Deno.test("a new channel is announced to every logged-in connection, on every session sharing the bus, and to no one at the menu", async () => {
  const backend = new MemoryBackend();
  const bus = new MemoryBus();
  const one = setup(backend, bus);
  const two = testSession({ backend, bus });
  const alice = await one.join("alice");
  const bob = await one.join("bob");
  const carol = await loggedIn(two, "carol");
  const guest = new FakeSink();
  one.session.connect(guest, { transport: "test" });
  await alice.conn.createChannel("club");
  assert.deepEqual(created(alice.sink.events), ["club"]);
  assert.deepEqual(created(bob.sink.events), ["club"]);
  assert.deepEqual(created(carol.sink.events), ["club"]);
  assert.deepEqual(created(guest.events), []);
  // A refused creation announces nothing.
  await assert.rejects(bob.conn.createChannel("CLUB"));
  assert.deepEqual(created(carol.sink.events), ["club"]);
  one.session.close();
  two.close();
});

Deno.test("unread counts are the room's newest id minus the read marker, with mentions, for the rooms one may use", async () => {
  const { session, join, backend } = setup();
  const alice = await join("alice");
  const bob = await join("bob");
  await alice.conn.createChannel("club");
  await alice.conn.createChannel("secret");
  await bob.conn.requests.ask("club");
  await alice.conn.requests.grant("club", "bob");
  await alice.conn.join("club");
  await alice.conn.say("one");
  await alice.conn.say("two, @bob");
  await alice.conn.say("@BOB three");
  await alice.conn.join("secret");
  await alice.conn.say("not for bob");
  alice.conn.leave();
  await alice.conn.say("general, mentioning bob@mail.example only");

  const counts = await bob.conn.unread();
  assert.deepEqual(counts, [
    { channel: null, count: 1, mentions: 0, lastId: 1 },
    { channel: "club", count: 3, mentions: 2, lastId: 3 },
  ]);
  // Entering a room and catching up there clears its count for good.
  await bob.conn.join("club");
  await bob.conn.caughtUp();
  await markerReaches(backend, { name: "bob", room: "club", id: 3 });
  const after = await bob.conn.unread();
  assert.equal(after.find((u) => u.channel === "club")?.count, 0);
  session.close();
});

Deno.test("a connection that asked for unread counts receives its other rooms' messages, and rooms it gains", async () => {
  const { session, join } = setup();
  const alice = await join("alice");
  const bob = await join("bob");
  const telnet = await join("bob"); // Never asks: stays in its room only.
  await alice.conn.createChannel("club");
  await bob.conn.requests.ask("club");
  await bob.conn.unread();
  await alice.conn.join("club");
  await alice.conn.say("before the grant");
  await alice.conn.requests.grant("club", "bob");
  await alice.conn.say("after the grant");
  await bob.conn.createChannel("den");
  await alice.conn.requests.ask("den");
  await bob.conn.requests.grant("den", "alice");
  await alice.conn.join("den");
  await alice.conn.say("in bob's den");
  assert.deepEqual(bob.sink.texts, ["after the grant", "in bob's den"]);
  assert.deepEqual(telnet.sink.texts, []);
  // In the room itself, each message arrives once.
  await bob.conn.join("den");
  await alice.conn.say("once");
  assert.equal(bob.sink.texts.filter((t) => t === "once").length, 1);
  session.close();
});

Deno.test("mentions are @name outside words and addresses, any case", () => {
  assert.deepEqual(
    [...mentionedNames("hi @Bob, @carol-2 and mail@dave.example (@eve)")],
    ["bob", "carol-2", "eve"],
  );
  assert.equal(mentions("ping @ALICE", "alice"), true);
  assert.equal(mentions("alice@example.org", "alice"), false);
  assert.equal(mentions("@alicex", "alice"), false);
});

Deno.test("a read marker that moves reaches every connection of its participant, on every session, as a read event", async () => {
  const backend = new MemoryBackend();
  const bus = new MemoryBus();
  const one = setup(backend, bus);
  const two = testSession({ backend, bus });
  const alice = await one.join("alice");
  const tab = await one.join("bob");
  const phone = await loggedIn(two, "bob");
  await alice.conn.say("one");
  const { id } = await alice.conn.say("two");
  const reads = (events: ChatEvent[]) =>
    events.filter((e) => e.type === "read");
  assert.deepEqual(reads(phone.sink.events), []);
  await tab.conn.caughtUp();
  assert.deepEqual(reads(phone.sink.events), [{
    type: "read",
    room: null,
    id,
  }]);
  assert.deepEqual(reads(tab.sink.events), [{ type: "read", room: null, id }]);
  assert.deepEqual(reads(alice.sink.events), []);

  // A direct message written marks the writer's side read, everywhere.
  const sent = await tab.conn.dms.send("alice", "hi");
  await markerReaches(backend, {
    name: "bob",
    room: { peer: "alice" },
    id: sent.id,
  });
  await until(
    () => reads(phone.sink.events).length === 2,
    "the phone hears of it",
  );
  assert.deepEqual(reads(phone.sink.events)[1], {
    type: "read",
    room: { peer: "alice" },
    id: sent.id,
  });
  one.session.close();
  two.close();
});
