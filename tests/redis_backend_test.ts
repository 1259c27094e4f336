import assert from "node:assert/strict";
import { openRedisBackend, type RedisBackend } from "../lib/backends/redis.ts";
import { openRedisBus } from "../lib/buses/redis.ts";
import { RedisPresence } from "../lib/buses/redis_presence.ts";
import { redactUrl, RedisClient } from "../lib/redis/client.ts";
import { ChatError } from "../lib/chat/mod.ts";
import { ask, backendConformance, register } from "./conformance.ts";
import {
  type RedisServer,
  skipWithoutRedis,
  startRedisServer,
  until,
} from "./_support/mod.ts";

const ignore = await skipWithoutRedis();

backendConformance("Redis", async () => {
  const server = await started();
  return {
    // Each backend gets its own prefix, so cases never see each other's keys.
    open: () => openRedisBackend(options(server)),
    close: () => server.stop(),
  };
}, { ignore });

Deno.test({
  name: "Redis backend keeps odd names apart and pends oldest first",
  ignore,
  async fn() {
    const server = await started();
    const backend = await openRedisBackend(options(server));
    try {
      // Names are validated upstream; the key scheme must not rely on it.
      for (const name of ["a:b", "a%003ab", "A:B ", "x"]) {
        const r = await register(backend, name, "00", "e@x.io");
        assert.ok(r.ok, name);
      }
      assert.equal((await backend.getParticipant("A:b"))?.name, "a:b");
      assert.equal((await backend.getParticipant("a%003aB"))?.name, "a%003ab");
      await backend.registerChannel("x:y", "own");
      await backend.registerChannel("x", "own");
      await ask(backend, "x:y", "z");
      await ask(backend, "x", "y:z");
      await ask(backend, "x", "ann");
      const pending = await backend.listPendingRequests("own", { limit: 2 });
      assert.deepEqual(
        pending.items.map((r) => `${r.channel}/${r.requester}`),
        ["x:y/z", "x/y:z"],
      );
      const rest = await backend.listPendingRequests("own", {
        after: pending.next,
      });
      assert.deepEqual(rest.items.map((r) => r.requester), ["ann"]);
      assert.equal(rest.next, undefined);
      assert.deepEqual(
        await backend.listPendingRequests("own", { after: "junk" }),
        { items: [] },
      );
      assert.equal(await backend.isMember("x", "z"), false);
    } finally {
      await backend.close();
      await server.stop();
    }
  },
});

Deno.test({
  name: "Redis backend reports outages and recovers",
  ignore,
  async fn() {
    const server = await started();
    const logged: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(" "));
    let backend: RedisBackend | undefined;
    try {
      backend = await openRedisBackend({
        ...options(server),
        commandTimeoutMs: 1000,
      });
      assert.equal((await backend.storeMessage(draft("before"))).id, 1);

      await server.stop();
      const t0 = performance.now();
      await assert.rejects(
        within(5000, backend.storeMessage(draft("during"))),
        (err) => err instanceof ChatError && err.code === "unavailable",
      );
      assert.ok(performance.now() - t0 < 3000, "rejects promptly");
      // Long enough for several failed reconnects: still one log line.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await assert.rejects(backend.storeMessage(draft("still down")));
      assert.equal(logged.length, 1, logged.join("\n"));
      assert.match(logged[0], /^Redis backend: .*reconnecting$/);

      await server.restart();
      // ioredis reconnects on its own; the same backend object resumes.
      const stored = await eventually(() =>
        backend!.storeMessage(draft("after"))
      );
      assert.equal(stored.text, "after");
      const history = await backend.getChatHistory();
      assert.deepEqual(history.messages.map((m) => m.text), ["after"]);
      assert.deepEqual(logged.slice(1), ["Redis backend: reconnected"]);
    } finally {
      console.error = consoleError;
      await backend?.close();
      await server.stop();
    }
  },
});

Deno.test({
  name: "Redis backend, bus and presence close cleanly while Redis is down",
  ignore,
  async fn() {
    const server = await started();
    const logged: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(" "));
    try {
      // All three get their client from the one factory (RedisClient).
      const backend = await openRedisBackend(options(server));
      const bus = await openRedisBus({ url: server.url });
      const presence = new RedisPresence({ url: server.url, instanceId: "a" });
      await presence.set("ann", true);
      bus.subscribe("room:", () => {});
      await server.stop();
      // A failed reconnect is logged: the client is now retrying.
      await until(
        () => logged.some((line) => line.endsWith("reconnecting")),
        "the backend notices Redis is gone",
      );
      // The sanitizers then check that no socket or retry timer survived.
      await within(
        5000,
        Promise.all([backend.close(), bus.close(), presence.close()]),
      );
    } finally {
      console.error = consoleError;
      await server.stop();
    }
  },
});

Deno.test("openRedisBackend rejects promptly, password masked, when Redis is unreachable", async () => {
  // A port that was free a moment ago: nothing listens there.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  const url = `redis://user:hunter2@127.0.0.1:${port}`;
  await assert.rejects(
    within(5000, openRedisBackend({ url, prefix: "x:" })),
    (err) =>
      err instanceof ChatError && err.code === "unavailable" &&
      err.message ===
        `Cannot reach Redis at redis://user:***@127.0.0.1:${port}`,
  );
  // connect() never retries, so nothing is left running (sanitizers).
  const client = new RedisClient({ url });
  await assert.rejects(client.connect());
  assert.equal(client.redis.status, "end");
  await client.close();
  assert.equal(new RedisClient().url, "redis://127.0.0.1:6379");
  assert.equal(redactUrl("not a url"), "(unparsable URL)");
});

async function started(): Promise<RedisServer> {
  const server = await startRedisServer();
  if (!server) throw new Error("redis-server vanished");
  return server;
}

function options(server: RedisServer) {
  return {
    url: server.url,
    prefix: `test:${crypto.randomUUID()}:`,
  };
}

function draft(text: string) {
  return { sender: "alice", sentAt: Date.now(), text, channel: null };
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

/** Retries `run` until it succeeds or 10 s have passed. */
async function eventually<T>(run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await run();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
