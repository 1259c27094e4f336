import assert from "node:assert/strict";
import { MemoryBackend } from "../lib/backends/memory.ts";
import { type Bus, type ChatEvent, MemoryBus } from "../lib/chat/mod.ts";
import {
  type Joined,
  ManualClock,
  sessionHarness as setup,
  shareClub,
  until,
} from "./_support/mod.ts";

const TTL = 1000;

/** olga owns #club with bob as a member; both in it. */
async function club(join: (name: string) => Promise<Joined>) {
  const olga = await join("olga");
  const bob = await join("bob");
  await shareClub(olga, bob);
  return { olga, bob };
}

/** Removes bob in storage only: as if the bus lost the `access_lost` event. */
async function loseRemoval(backend: MemoryBackend): Promise<void> {
  const channel = (await backend.getChannel("club"))!;
  const changed = await backend.changeStanding(channel, {
    name: "bob",
    from: ["granted"],
    to: "removed",
  });
  assert.ok(changed.ok);
}

/** Counts `isMember` reads on `backend`, failing those of `failFor`. */
function countReads(backend: MemoryBackend, failFor?: string) {
  const reads: string[] = [];
  const real = backend.isMember.bind(backend);
  backend.isMember = (channel, name) => {
    reads.push(name);
    return name === failFor
      ? Promise.reject(new Error("down"))
      : real(channel, name);
  };
  return reads;
}

Deno.test("access audit moves a member whose removal event was lost out past the staleness bound", async () => {
  const clock = new ManualClock();
  const { backend, session, join } = setup({ clock, membershipTtlMs: TTL });
  try {
    const { olga, bob } = await club(join);
    await olga.conn.say("first sight");
    await loseRemoval(backend);
    await olga.conn.say("within the bound");
    assert.ok(bob.sink.texts.includes("within the bound"));
    clock.advance(TTL);
    await olga.conn.say("starts the audit");
    await until(() => bob.conn.room === null, "bob is moved out");
    assert.deepEqual(bob.sink.lastShown, { type: "room", channel: null });
    await olga.conn.say("after the audit");
    assert.ok(!bob.sink.texts.includes("after the audit"));
    assert.equal(olga.conn.room, "club");
    assert.ok(olga.sink.texts.includes("after the audit"));
  } finally {
    session.close();
  }
});

Deno.test("access audit stops a connection that only follows the channel for unread counts", async () => {
  const clock = new ManualClock();
  const { backend, session, join } = setup({ clock, membershipTtlMs: TTL });
  try {
    const { olga } = await club(join);
    const tab = await join("bob");
    await tab.conn.unread();
    await olga.conn.say("first sight");
    assert.ok(tab.sink.texts.includes("first sight"));
    await loseRemoval(backend);
    clock.advance(TTL);
    await olga.conn.say("starts the audit");
    // The audit is asynchronous: probe until a message no longer reaches
    // the tab, then make sure none does.
    let probes = 0;
    await until(async () => {
      const text = `probe ${probes++}`;
      await olga.conn.say(text);
      return !tab.sink.texts.includes(text);
    }, "the tab stops following #club");
    await olga.conn.say("after the audit");
    assert.ok(!tab.sink.texts.includes("after the audit"));
  } finally {
    session.close();
  }
});

Deno.test("access audit reads each participant once per bound, however many messages pass", async () => {
  const clock = new ManualClock();
  const { backend, session, join } = setup({
    clock,
    membershipTtlMs: TTL,
    limits: { msgRate: 0 },
  });
  try {
    const { olga, bob } = await club(join);
    await olga.conn.say("first sight");
    const reads = countReads(backend);
    for (let i = 0; i < 20; i++) await olga.conn.say(`within ${i}`);
    assert.deepEqual(reads, []);
    clock.advance(TTL);
    for (let i = 0; i < 20; i++) await olga.conn.say(`past ${i}`);
    // The audit reads olga and bob; the sending side reads olga once more.
    await until(() => reads.length === 3, "one read per participant");
    for (let i = 0; i < 20; i++) await olga.conn.say(`more ${i}`);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(reads.sort(), ["bob", "olga", "olga"]);
    assert.equal(bob.conn.room, "club");
    assert.ok(bob.sink.texts.includes("more 19"));
  } finally {
    session.close();
  }
});

Deno.test("access audit keeps access when storage cannot answer", async () => {
  const clock = new ManualClock();
  const { backend, session, join } = setup({ clock, membershipTtlMs: TTL });
  try {
    const { olga, bob } = await club(join);
    await olga.conn.say("first sight");
    const reads = countReads(backend, "bob");
    clock.advance(TTL);
    await olga.conn.say("during the outage");
    await until(() => reads.includes("bob"), "the audit ran");
    await olga.conn.say("after the failed audit");
    assert.equal(bob.conn.room, "club");
    assert.ok(bob.sink.texts.includes("after the failed audit"));
  } finally {
    session.close();
  }
});

/**
 * Two instances' buses where every room event crosses and every
 * participant's event is lost on the way: what a pub/sub outage between
 * instances can do to a removal.
 */
function lossyPair(): [Bus, Bus] {
  const local = [new MemoryBus(), new MemoryBus()];
  const bus = (me: number): Bus => ({
    publish(topic: string, event: ChatEvent) {
      local[me].deliver(topic, event);
      if (topic.startsWith("room:")) local[1 - me].deliver(topic, event);
      return Promise.resolve();
    },
    subscribe: (topic, handler) => local[me].subscribe(topic, handler),
    close: () => local[me].close(),
  });
  return [bus(0), bus(1)];
}

Deno.test("access audit ends a removal on another instance whose event the bus lost", async () => {
  const clock = new ManualClock();
  const backend = new MemoryBackend();
  const [busA, busB] = lossyPair();
  const a = setup({ clock, backend, bus: busA, membershipTtlMs: TTL });
  const b = setup({ clock, backend, bus: busB, membershipTtlMs: TTL });
  try {
    const olga = await a.join("olga");
    const bob = await b.join("bob");
    await shareClub(olga, bob);
    await olga.conn.say("first sight");
    assert.ok(bob.sink.texts.includes("first sight"));
    await olga.conn.moderation.remove("club", "bob");
    assert.ok(!bob.sink.events.some((e) => e.type === "access_lost"));
    await olga.conn.say("within the bound");
    assert.ok(bob.sink.texts.includes("within the bound"));
    clock.advance(TTL);
    await olga.conn.say("starts the audit");
    await until(() => bob.conn.room === null, "bob is moved out on B");
    await olga.conn.say("after the audit");
    assert.ok(!bob.sink.texts.includes("after the audit"));
  } finally {
    a.session.close();
    b.session.close();
  }
});
