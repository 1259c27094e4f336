/**
 * The history benchmarks every backend runs on rooms it has filled: the
 * newest 50 messages of each room (the first is the baseline, so a ratio
 * near 1 proves the page does not slow down as the room grows), and an
 * older page of the largest room.
 *
 * @module
 */
import type { Backend } from "../lib/chat/mod.ts";

/** Registers the history benches over `rooms`, filled `[channel, count]`. */
export function benchHistory(
  backend: Backend,
  rooms: ReadonlyArray<readonly [string, number]>,
): void {
  for (const [channel, count] of rooms) {
    Deno.bench({
      name: `${count.toLocaleString("en")} messages`,
      group: "newest 50 messages",
      baseline: channel === rooms[0][0],
      async fn() {
        const page = await backend.getChannelHistory(channel, { limit: 50 });
        if (page.messages.length !== 50 || page.messages[49].id !== count) {
          throw new Error("wrong page");
        }
      },
    });
  }
  const [largest, size] = rooms[rooms.length - 1];
  const before = Math.floor(size / 2);
  Deno.bench({
    name: `50 before id ${before} of ${size}`,
    group: "older page",
    async fn() {
      const page = await backend.getChannelHistory(largest, {
        limit: 50,
        before,
      });
      if (page.messages[49].id !== before - 1) throw new Error("wrong page");
    },
  });
}
