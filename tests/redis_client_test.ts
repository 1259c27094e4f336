import assert from "node:assert/strict";
import { openRedisBackend } from "../lib/backends/redis.ts";
import { openRedisBus } from "../lib/buses/redis.ts";
import { RedisPresence } from "../lib/buses/redis_presence.ts";
import { ChatError, type ChatEvent } from "../lib/chat/mod.ts";
import {
  DEFAULT_REDIS_URL,
  redactUrl,
  RedisClient,
} from "../lib/redis/client.ts";
import { skipWithoutRedis, startRedisServer } from "./_redis_server.ts";

const noRedis = await skipWithoutRedis();

function event(text: string): ChatEvent {
  return {
    type: "message",
    message: { id: 1, sender: "ann", sentAt: 1, text, channel: null },
  };
}

/** Rejects if `promise` has not settled after `ms`, so a hang fails fast. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function freePortUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return `redis://user:secret@127.0.0.1:${port}`;
}

Deno.test("RedisClient defaults to local Redis and redacts passwords", () => {
  assert.equal(new RedisClient().url, DEFAULT_REDIS_URL);
  assert.equal(
    redactUrl("redis://u:hunter2@db:6380/1"),
    "redis://u:***@db:6380/1",
  );
  assert.equal(redactUrl("not a url"), "(unparsable URL)");
});

Deno.test("RedisClient.connect fails at once, without retrying, on a dead URL", async () => {
  const url = freePortUrl();
  const client = new RedisClient({ url });
  await assert.rejects(
    within(5000, client.connect()),
    (err) =>
      err instanceof ChatError && err.code === "unavailable" &&
      err.message.includes("user:***@") && !err.message.includes("secret"),
  );
  assert.equal(client.redis.status, "end");
  await client.close();
});

Deno.test({
  name:
    "backend, bus and presence clients all close promptly while Redis is down",
  ignore: noRedis,
  async fn() {
    const redis = await startRedisServer();
    assert.ok(redis, "redis-server is not installed");
    const consoleError = console.error;
    console.error = () => {};
    try {
      const backend = await openRedisBackend({ url: redis.url });
      const bus = await openRedisBus({ url: redis.url });
      const presence = new RedisPresence({ url: redis.url, instanceId: "a" });
      await presence.set("ann", true);
      bus.subscribe("room:", () => {});
      await redis.stop();
      // Long enough for the clients to be between reconnect attempts.
      await new Promise((r) => setTimeout(r, 300));
      // The sanitizers then check that no socket or retry timer survived.
      await within(
        5000,
        Promise.all([backend.close(), bus.close(), presence.close()]),
      );
    } finally {
      console.error = consoleError;
      await redis.stop();
    }
  },
});

Deno.test({
  name: "RedisBus delivers on a topic first subscribed while Redis was down",
  ignore: noRedis,
  async fn() {
    const redis = await startRedisServer();
    assert.ok(redis, "redis-server is not installed");
    const a = await openRedisBus({ url: redis.url });
    const b = await openRedisBus({ url: redis.url });
    try {
      await redis.stop();
      const got: string[] = [];
      const stop = b.subscribe(
        "room:#late",
        (e) => e.type === "message" && got.push(e.message.text),
      );
      // Longer than the retry bound: the SUBSCRIBE itself fails.
      await new Promise((r) => setTimeout(r, 1500));
      await redis.restart();
      let n = 0;
      await until(() => {
        a.publish("room:#late", event(`try ${++n}`));
        return got.length > 0;
      }, "delivery on the late topic");
      stop();
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  },
});
