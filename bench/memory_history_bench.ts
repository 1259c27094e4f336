/**
 * History paging on the in-memory backend: the newest page is an array
 * slice, so it costs the same at 1 000 and 100 000 stored messages, in a
 * channel and in a direct conversation alike.
 * Run: `deno bench -A bench/memory_history_bench.ts`.
 *
 * @module
 */
import { benchHistory, directReader } from "./_history_cases.ts";
import { MemoryBackend } from "../lib/backends/memory.ts";

const backend = new MemoryBackend();
const rooms = [["small", 1_000], ["large", 100_000]] as const;

for (const [channel, count] of rooms) {
  for (let i = 1; i <= count; i++) {
    const sentAt = 1_700_000_000_000 + i;
    const text = `message number ${i} with some ordinary chat text in it`;
    await backend.storeMessage({
      sender: `user${i % 37}`,
      sentAt,
      text,
      channel,
    });
    // The conversation between "me" and a peer named like the room.
    const [sender, recipient] = i % 2 ? ["me", channel] : [channel, "me"];
    await backend.storeDirect({ sender, recipient, sentAt, text });
  }
}

benchHistory(backend, rooms);
benchHistory(backend, rooms, {
  label: "direct messages",
  read: directReader(backend, "me"),
});
