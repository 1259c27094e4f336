import assert from "node:assert/strict";
import { MemoryBackend } from "../lib/backends/memory.ts";
import { ChatError } from "../lib/chat/mod.ts";
import {
  FakeSink,
  type Joined,
  ManualClock,
  sessionHarness as setup,
  shareClub,
} from "./_support/mod.ts";

/** olga owns #club with bob as a member; both in it. */
async function club(join: (name: string) => Promise<Joined>) {
  const olga = await join("olga");
  const bob = await join("bob");
  await shareClub(olga, bob);
  return { olga, bob };
}

function types(sink: FakeSink): string[] {
  return sink.events.map((e) => e.type);
}

Deno.test("a member whose removal event was lost is refused on send past the staleness bound", async () => {
  const clock = new ManualClock();
  const { backend, session, join } = setup({ clock, membershipTtlMs: 1000 });
  try {
    const { bob } = await club(join);
    // Stored without any event: as if the bus lost it.
    const channel = (await backend.getChannel("club"))!;
    assert.ok(
      (await backend.changeStanding(channel, {
        name: "bob",
        from: ["granted"],
        to: "removed",
      })).ok,
    );
    await bob.conn.say("within the bound");
    clock.advance(1000);
    await assert.rejects(
      bob.conn.say("past the bound"),
      (e) =>
        e instanceof ChatError && e.code === "forbidden" &&
        e.message === "You may no longer use #club",
    );
    assert.equal(bob.conn.room, null);
    assert.deepEqual(bob.sink.lastShown, { type: "room", channel: null });
    const stored = await backend.getChannelHistory("club");
    assert.deepEqual(stored.messages.map((m) => m.text), ["within the bound"]);
  } finally {
    session.close();
  }
});

Deno.test("a removal moves exactly the member's connections that are in the channel", async () => {
  const { session, join } = setup();
  try {
    const { olga, bob } = await club(join);
    const elsewhere = await join("bob");
    await olga.conn.moderation.remove("club", "bob");
    for (const c of [bob, elsewhere]) {
      const lost = c.sink.events.find((e) => e.type === "access_lost");
      assert.ok(lost?.type === "access_lost");
      assert.deepEqual([lost.channel, lost.by, lost.reason], [
        "club",
        "olga",
        "removed",
      ]);
      assert.equal(typeof lost.noticeId, "number");
    }
    assert.equal(bob.conn.room, null);
    assert.ok(types(bob.sink).includes("room"));
    assert.ok(!types(elsewhere.sink).includes("room"));
    await olga.conn.say("only for the club");
    assert.ok(!bob.sink.texts.includes("only for the club"));
  } finally {
    session.close();
  }
});

Deno.test("a notice delivered live is acknowledged, so no later login shows it", async () => {
  const { backend, session, join } = setup();
  try {
    const { olga } = await club(join);
    const gus = await join("gus");
    await gus.conn.requests.ask("club");
    assert.ok(types(olga.sink).includes("join_request"));
    assert.deepEqual((await backend.listNotices("olga")).notices, []);
    await olga.conn.requests.grant("club", "gus");
    assert.ok(types(gus.sink).includes("access_changed"));
    const later = await join("gus");
    const owner = await join("olga");
    assert.ok(!types(later.sink).includes("access_changed"));
    assert.ok(!types(owner.sink).includes("join_request"));
  } finally {
    session.close();
  }
});

Deno.test("a login's catch-up never repeats a notice this connection got live meanwhile", async () => {
  const backend = new MemoryBackend();
  const { session, join } = setup({ backend });
  try {
    await join("olga").then(({ conn }) => conn.createChannel("den"));
    const ack = backend.ackNotices.bind(backend);
    // Live acknowledgements lag: the notice is still in the inbox.
    backend.ackNotices = () => Promise.resolve([]);
    const sink = new FakeSink();
    const conn = session.connect(sink, { transport: "test" });
    await conn.login("olga", "olga-password");
    const guest = await join("gus");
    await guest.conn.requests.ask("den");
    backend.ackNotices = ack;
    await conn.catchUp();
    assert.equal(
      sink.events.filter((e) => e.type === "join_request").length,
      1,
    );
    // Acknowledged by the catch-up all the same.
    assert.deepEqual((await backend.listNotices("olga")).notices, []);
  } finally {
    session.close();
  }
});

Deno.test("a notice is still told live when the inbox cannot be written", async () => {
  const backend = new MemoryBackend();
  const { session, join } = setup({ backend });
  try {
    const { olga, bob } = await club(join);
    backend.pushNotice = () => Promise.reject(new Error("inbox down"));
    await olga.conn.moderation.ban("club", "bob");
    const lost = bob.sink.events.find((e) => e.type === "access_lost");
    assert.deepEqual(lost, {
      type: "access_lost",
      channel: "club",
      by: "olga",
      reason: "banned",
    });
  } finally {
    session.close();
  }
});

Deno.test("offline direct messages are summed per sender at the next login", async () => {
  const { session, join } = setup();
  try {
    const ann = await join("ann");
    const ben = await join("ben");
    const bob = await join("bob");
    bob.conn.close();
    await ann.conn.dms.send("bob", "one");
    await ann.conn.dms.send("bob", "two");
    await ben.conn.dms.send("bob", "three");
    const back = await join("bob");
    assert.deepEqual(
      back.sink.events.filter((e) => e.type === "direct_unread"),
      [
        { type: "direct_unread", from: "ann", count: 2 },
        { type: "direct_unread", from: "ben", count: 1 },
      ],
    );
    const convs = await back.conn.dms.conversations();
    assert.deepEqual(convs.items.map((c) => [c.peer, c.unread]), [
      ["ann", 2],
      ["ben", 1],
    ]);
    // Sending marks the sender's side read.
    const mine = await ann.conn.dms.conversations();
    assert.deepEqual(mine.items.map((c) => [c.peer, c.unread]), [["bob", 0]]);
  } finally {
    session.close();
  }
});

Deno.test("a connection in a direct conversation sends plain lines there and catches up like a room", async () => {
  const { session, join } = setup();
  try {
    const ann = await join("ann");
    const bob = await join("bob");
    assert.equal(await bob.conn.enterDirect("ANN"), "ann");
    assert.deepEqual([bob.conn.room, bob.conn.direct], [null, "ann"]);
    const sent = await bob.conn.say("plain line");
    assert.equal("recipient" in sent && sent.recipient, "ann");
    assert.ok(
      ann.sink.events.some((e) =>
        e.type === "direct" && e.message.text === "plain line"
      ),
    );
    assert.deepEqual(
      (await session.directHistory("ann", { peer: "bob" }))
        .messages.map((m) => m.text),
      ["plain line"],
    );
    bob.conn.leave();
    assert.deepEqual([bob.conn.room, bob.conn.direct], [null, null]);
    await ann.conn.dms.send("bob", "while away");
    await bob.conn.enterDirect("ann");
    // This connection does not read everything live (telnet does), so the
    // message it was handed outside the conversation is still unread.
    const missed = await bob.conn.missed();
    assert.deepEqual(missed.messages.map((m) => m.text), ["while away"]);
  } finally {
    session.close();
  }
});

Deno.test("a removed member's connection that follows the channel for unread counts stops receiving it", async () => {
  const { session, join } = setup();
  try {
    const { olga, bob } = await club(join);
    const counting = await join("bob");
    await counting.conn.unread();
    await olga.conn.say("counted while elsewhere");
    assert.ok(counting.sink.texts.includes("counted while elsewhere"));
    await olga.conn.moderation.remove("club", "bob");
    await olga.conn.say("not for bob any more");
    for (const c of [bob, counting]) {
      assert.ok(!c.sink.texts.includes("not for bob any more"));
    }
    const rooms = (await counting.conn.unread()).map((r) => r.channel);
    assert.deepEqual(rooms, [null]);
  } finally {
    session.close();
  }
});

Deno.test("two connections logging in at once show each missed notice once between them", async () => {
  const { session, join } = setup();
  try {
    const olga = await join("olga");
    await olga.conn.createChannel("den");
    olga.conn.close();
    for (const name of ["gus", "hal", "ivy"]) {
      await (await join(name)).conn.requests.ask("den");
    }
    const sinks = [new FakeSink(), new FakeSink()];
    const conns = sinks.map((s) => session.connect(s, { transport: "test" }));
    await Promise.all(conns.map((c) => c.login("olga", "olga-password")));
    await Promise.all(conns.map((c) => c.catchUp()));
    const shown = sinks.flatMap((s) =>
      s.events.flatMap((e) =>
        e.type === "join_request" ? [e.request.requester] : []
      )
    );
    assert.deepEqual(shown.sort(), ["gus", "hal", "ivy"]);
  } finally {
    session.close();
  }
});
