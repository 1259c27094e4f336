/**
 * History paging on the in-memory backend: the newest page is an array
 * slice, so it costs the same at 1 000 and 100 000 stored messages.
 * Run: `deno bench -A bench/memory_history_bench.ts`.
 *
 * @module
 */
import { benchHistory } from "./_history_cases.ts";
import { MemoryBackend } from "../lib/backends/memory.ts";

const backend = new MemoryBackend();
const rooms = [["small", 1_000], ["large", 100_000]] as const;

for (const [channel, count] of rooms) {
  for (let i = 1; i <= count; i++) {
    await backend.storeMessage({
      sender: `user${i % 37}`,
      sentAt: 1_700_000_000_000 + i,
      text: `message number ${i} with some ordinary chat text in it`,
      channel,
    });
  }
}

benchHistory(backend, rooms);
