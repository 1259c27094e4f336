/**
 * History paging on the Redis backend: the newest page must cost the same
 * in a room of 1 000 messages as in one of 100 000, because it is one
 * ZREVRANGEBYSCORE … LIMIT on a sorted set. Needs `redis-server` installed;
 * starts a throwaway one. Run: `deno bench -A bench/redis_history_bench.ts`.
 *
 * @module
 */
import { benchHistory } from "./_history_cases.ts";
import { openRedisBackend } from "../lib/backends/redis.ts";
import { startRedisServer } from "../lib/dev/redis_server.ts";

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

  benchHistory(backend, [["small", 1_000], ["large", 100_000]]);
}
