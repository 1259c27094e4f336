import assert from "node:assert/strict";
import { openRedisBackend } from "../lib/backends/redis.ts";
import {
  skipWithoutRedis,
  startRedisServer,
  startServer,
  until,
} from "./_support/mod.ts";

Deno.test({
  name:
    "telnet users hear 'storage unavailable' while Redis is down, and chat resumes after",
  ignore: await skipWithoutRedis(),
  async fn() {
    // Persistent, as any Redis that stores chat must be: what was
    // acknowledged before the outage is still there after it.
    const redis = await startRedisServer({ persistent: true });
    assert.ok(redis, "redis-server is not installed");
    const backend = await openRedisBackend({ url: redis.url });
    const server = await startServer({ backend });
    try {
      const alice = await server.member("alice");
      const bob = await server.member("bob");
      await alice.ask("before the outage", "<alice> before the outage");

      await redis.stop();
      await alice.ask(
        "during the outage",
        "! Message not sent: storage unavailable",
      );
      assert.ok(
        !bob.text.includes("during the outage"),
        "an unstored message is never delivered",
      );
      await alice.ask("/history", "! History unavailable: storage unavailable");

      await redis.restart();
      // ioredis reconnects on its own; no restart of the chat server.
      await until(
        async () => {
          const from = alice.text.length;
          await alice.send("after the outage");
          const at = await alice.expect(
            /<alice> after the outage|! Message not sent/,
            { from },
          );
          return alice.text.startsWith("<alice>", at);
        },
        "Redis comes back",
        { timeoutMs: 10_000, intervalMs: 200 },
      );
      await bob.expect("<alice> after the outage");
      const history = await backend.getChatHistory();
      assert.deepEqual(history.messages.map((m) => m.text), [
        "before the outage",
        "after the outage",
      ]);
      assert.equal(server.session.size, 2, "nobody was disconnected");
    } finally {
      await server.close();
      await redis.close();
    }
  },
});
