/**
 * History paging on the Redis backend: the newest page must cost the same
 * in a room of 1 000 messages as in one of 100 000, because it is one
 * ZREVRANGEBYSCORE … LIMIT on a sorted set. Needs `redis-server` installed;
 * starts a throwaway one. Run: `deno bench -A bench/redis_history_bench.ts`.
 *
 * @module
 */
import { openRedisBackend } from "../lib/backends/redis.ts";
import { startRedisServer } from "../tests/_redis_server.ts";

const server = await startRedisServer();

if (!server) {
  console.warn("redis-server is not installed: Redis benchmarks skipped");
  Deno.bench(
    { name: "Redis history (redis-server missing)", ignore: true },
    () => {},
  );
} else {
  const backend = await openRedisBackend({ url: server.url, prefix: "bench:" });
  // kill() inside stop() is synchronous, so the server dies with the run.
  globalThis.addEventListener("unload", () => void server.stop());

  // Through storeMessage, so the real script assigns the ids; 1 000 calls in
  // flight at once, which ioredis writes back to back on one connection
  // (a pipeline) without waiting for replies.
  const fill = async (channel: string, count: number) => {
    for (let first = 1; first <= count; first += 1000) {
      const last = Math.min(count, first + 999);
      const batch = [];
      for (let id = first; id <= last; id++) {
        batch.push(backend.storeMessage({
          sender: `user${id % 37}`,
          sentAt: 1_700_000_000_000 + id,
          text: `message number ${id} with some ordinary chat text in it`,
          channel,
        }));
      }
      await Promise.all(batch);
    }
  };

  const started = performance.now();
  await fill("small", 1_000);
  await fill("large", 100_000);
  console.error(
    `filled 101 000 messages in ${Math.round(performance.now() - started)} ms`,
  );

  for (const [name, count] of [["small", 1_000], ["large", 100_000]] as const) {
    Deno.bench({
      name: `${count} messages`,
      group: "newest 50 messages",
      baseline: count === 1_000,
      async fn() {
        const page = await backend.getChannelHistory(name, { limit: 50 });
        if (page.messages.length !== 50) throw new Error("short page");
      },
    });
  }

  Deno.bench({
    name: "50 before id 50 000 of 100 000",
    group: "older page",
    async fn() {
      const page = await backend.getChannelHistory("large", {
        limit: 50,
        before: 50_000,
      });
      if (page.messages[49].id !== 49_999) throw new Error("wrong page");
    },
  });
}
