/**
 * History paging on the in-memory backend: the newest page is an array
 * slice, so it costs the same at 1 000 and 100 000 stored messages.
 * Run: `deno bench -A bench/memory_history_bench.ts`.
 *
 * @module
 */
import { MemoryBackend } from "../lib/backends/memory.ts";

const backend = new MemoryBackend();

for (
  const [channel, count] of [["small", 1_000], ["large", 100_000]] as const
) {
  for (let i = 1; i <= count; i++) {
    await backend.storeMessage({
      sender: `user${i % 37}`,
      sentAt: 1_700_000_000_000 + i,
      text: `message number ${i} with some ordinary chat text in it`,
      channel,
    });
  }
  Deno.bench({
    name: `${count.toLocaleString("en")} messages`,
    group: "newest 50 messages",
    baseline: count === 1_000,
    async fn() {
      const page = await backend.getChannelHistory(channel, { limit: 50 });
      if (page.messages.length !== 50) throw new Error("short page");
    },
  });
}
