import assert from "node:assert/strict";
import {
  type Bus,
  type ChatEvent,
  MemoryBus,
  type PresenceStore,
} from "../lib/chat/mod.ts";
import { KvBus } from "../lib/buses/kv.ts";
import { KvPresence } from "../lib/buses/kv_presence.ts";
import { openRedisBus } from "../lib/buses/redis.ts";
import { RedisPresence } from "../lib/buses/redis_presence.ts";
import { skipWithoutRedis, startRedisServer, until } from "./_support/mod.ts";

const noRedis = await skipWithoutRedis();

function message(id: number, text: string): ChatEvent {
  return {
    type: "message",
    message: { id, sender: "ann", sentAt: 1, text, channel: null },
  };
}

/** A bus that tells when its subscriptions are in effect on the peers. */
type PeerBus = Bus & { subscribed(): Promise<void> };

/** Two buses that stand for two instances: A's events reach B once, and A's own handlers once. */
async function assertCrossInstance(a: PeerBus, b: PeerBus): Promise<void> {
  const onA: string[] = [];
  const onB: string[] = [];
  const offB: string[] = [];
  const stopA = a.subscribe(
    "room:",
    (e) => e.type === "message" && onA.push(e.message.text),
  );
  const stopB = b.subscribe(
    "room:",
    (e) => e.type === "message" && onB.push(e.message.text),
  );
  const stopOther = b.subscribe(
    "room:#other",
    (e) => e.type === "message" && offB.push(e.message.text),
  );
  // Subscriptions travel to the server asynchronously.
  await Promise.all([a.subscribed(), b.subscribed()]);
  await a.publish("room:", message(1, "one"));
  await b.publish("room:", message(2, "two"));
  assert.deepEqual(onA.slice(0, 1), ["one"], "local delivery is immediate");
  await until(
    () => onA.length === 2 && onB.length === 2,
    "both events on both instances",
  );
  assert.deepEqual(onA.sort(), ["one", "two"]);
  assert.deepEqual(onB.sort(), ["one", "two"]);
  assert.deepEqual(offB, [], "other rooms hear nothing");
  stopA();
  stopB();
  stopOther();
}

async function assertPresence(
  a: PresenceStore,
  b: PresenceStore,
): Promise<void> {
  await a.set("Alice", true);
  await b.set("bob", true);
  assert.deepEqual([...(await b.online(["alice", "BOB", "carl"]))].sort(), [
    "alice",
    "bob",
  ]);
  await a.set("alice", false);
  assert.deepEqual([...(await b.online(["alice", "bob"]))], ["bob"]);
}

Deno.test("MemoryBus delivers to every subscriber of a topic and stops on unsubscribe", async () => {
  const bus = new MemoryBus();
  const got: string[] = [];
  const stop = bus.subscribe(
    "room:",
    (e) => e.type === "message" && got.push(e.message.text),
  );
  await bus.publish("room:", message(1, "hi"));
  await bus.publish("room:#x", message(1, "elsewhere"));
  stop();
  await bus.publish("room:", message(2, "after"));
  assert.deepEqual(got, ["hi"]);
  await bus.close();
});

Deno.test({
  name: "RedisBus carries events between instances exactly once",
  ignore: noRedis,
  async fn() {
    const redis = await startRedisServer();
    assert.ok(redis, "redis-server is not installed");
    const a = await openRedisBus({ url: redis.url });
    const b = await openRedisBus({ url: redis.url });
    try {
      await assertCrossInstance(a, b);
      await a.ping!();
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  },
});

Deno.test({
  name:
    "RedisBus resumes delivery after Redis restarts, also on a topic first subscribed while it was down",
  ignore: noRedis,
  async fn() {
    const redis = await startRedisServer();
    assert.ok(redis, "redis-server is not installed");
    const a = await openRedisBus({ url: redis.url });
    const b = await openRedisBus({ url: redis.url });
    try {
      const got: string[] = [];
      const late: string[] = [];
      const stop = b.subscribe(
        "room:",
        (e) => e.type === "message" && got.push(e.message.text),
      );
      await b.subscribed();
      await redis.stop();
      const stopLate = b.subscribe(
        "room:#late",
        (e) => e.type === "message" && late.push(e.message.text),
      );
      // Settles when that SUBSCRIBE has failed past the retry bound.
      await b.subscribed();
      await redis.restart();
      let id = 0;
      await until(
        () => {
          // Distinct ids: receivers drop a repeated (room, id) key.
          a.publish("room:", message(++id, `try ${id}`));
          a.publish("room:#late", message(++id, `late ${id}`));
          return got.length > 0 && late.length > 0;
        },
        "delivery after restart on both topics",
        { timeoutMs: 10_000 },
      );
      stop();
      stopLate();
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  },
});

Deno.test({
  name:
    "RedisPresence shows a participant online on any instance, and forgets dead instances",
  ignore: noRedis,
  async fn() {
    const redis = await startRedisServer();
    assert.ok(redis, "redis-server is not installed");
    const a = new RedisPresence({
      url: redis.url,
      instanceId: "a",
      ttlMs: 300,
      refreshMs: 100,
    });
    const b = new RedisPresence({
      url: redis.url,
      instanceId: "b",
      ttlMs: 300,
      refreshMs: 100,
    });
    try {
      await assertPresence(a, b);
      await a.set("dora", true);
      // Real time past the TTL: only the heartbeat can keep dora online.
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(
        (await b.online(["dora"])).has("dora"),
        "refreshed while the instance lives",
      );
      await a.close(); // Dies without cleaning up: no set(..., false).
      // The TTL is 300 ms; the rest of the second is slack for a busy machine.
      await until(
        async () => !(await b.online(["dora"])).has("dora"),
        "dora goes offline within the TTL",
        { timeoutMs: 1000 },
      );
    } finally {
      await a.close().catch(() => {});
      await b.close();
      await redis.stop();
    }
  },
});

Deno.test("KvBus carries events between instances sharing a database", async () => {
  const kv = await Deno.openKv(":memory:");
  const a = new KvBus(kv);
  const b = new KvBus(kv);
  try {
    await assertCrossInstance(a, b);
  } finally {
    await a.close();
    await b.close();
    kv.close();
  }
});

Deno.test("KvPresence shows a participant online on any instance", async () => {
  const kv = await Deno.openKv(":memory:");
  const a = new KvPresence(kv, { instanceId: "a" });
  const b = new KvPresence(kv, { instanceId: "b" });
  try {
    await assertPresence(a, b);
  } finally {
    await a.close();
    await b.close();
    kv.close();
  }
});
