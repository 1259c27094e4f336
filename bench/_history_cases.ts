/**
 * The history benchmarks every backend runs on rooms it has filled: the
 * newest 50 messages of each room (the first is the baseline, so a ratio
 * near 1 proves the page does not slow down as the room grows), and an
 * older page of the largest room. Direct conversations run the same
 * cases through `getDirectHistory` (`directReader`).
 *
 * @module
 */
import type { Backend, HistoryPage, HistoryQuery } from "../lib/chat/mod.ts";

/** Reads a page of the room named `room`. */
export type PageReader = (
  room: string,
  query: HistoryQuery,
) => Promise<HistoryPage<{ id: number }>>;

/** Options for `benchHistory`. */
export interface HistoryBenchOptions {
  /** What the rooms hold, for the group names; default "messages". */
  label?: string;
  /** How a page is read; default a channel's history. */
  read?: PageReader;
}

/** The reader of `reader`'s conversations: a room is named by its peer. */
export function directReader(backend: Backend, reader: string): PageReader {
  return (peer, query) => backend.getDirectHistory(reader, peer, query);
}

/** Registers the history benches over `rooms`, filled `[room, count]`. */
export function benchHistory(
  backend: Backend,
  rooms: ReadonlyArray<readonly [string, number]>,
  options: HistoryBenchOptions = {},
): void {
  const label = options.label ?? "messages";
  const read: PageReader = options.read ??
    ((channel, query) => backend.getChannelHistory(channel, query));
  for (const [room, count] of rooms) {
    Deno.bench({
      name: `${count.toLocaleString("en")} ${label}`,
      group: `newest 50 ${label}`,
      baseline: room === rooms[0][0],
      async fn() {
        const page = await read(room, { limit: 50 });
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
    group: `older page of ${label}`,
    async fn() {
      const page = await read(largest, { limit: 50, before });
      if (page.messages[49].id !== before - 1) throw new Error("wrong page");
    },
  });
}
