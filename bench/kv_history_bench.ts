/**
 * History paging on the Deno KV backend: the newest page must cost the same
 * in a room of 1 000 messages as in one of 100 000, because it is one
 * bounded range list; a direct conversation is the same range list.
 * Run: `deno bench -A bench/kv_history_bench.ts`.
 *
 * @module
 */
import { benchHistory, directReader } from "./_history_cases.ts";
import { KvBackend } from "../lib/backends/kv.ts";
import { directParts, roomParts } from "../lib/backends/kv_keys.ts";

const dir = await Deno.makeTempDir({ prefix: "parley_kv_bench_" });
const kv = await Deno.openKv(`${dir}/bench.kv`);
const backend = new KvBackend(kv);
globalThis.addEventListener("unload", () => {
  kv.close();
  Deno.removeSync(dir, { recursive: true });
});

// Written straight in the backend's key layout, 500 per commit: going
// through storeMessage one by one would take far longer to fill.
async function fill(
  parts: Deno.KvKey,
  count: number,
  message: (id: number) => { id: number },
): Promise<void> {
  for (let first = 1; first <= count; first += 500) {
    const last = Math.min(count, first + 499);
    const op = kv.atomic().set(["head", ...parts], last);
    for (let id = first; id <= last; id++) {
      op.set(["msg", ...parts, id], message(id));
    }
    const result = await op.commit();
    if (!result.ok) throw new Error("fill commit failed");
  }
}

const text = (id: number) =>
  `message number ${id} with some ordinary chat text in it`;
const rooms = [["small", 1_000], ["large", 100_000]] as const;
const started = performance.now();
for (const [room, count] of rooms) {
  await fill(roomParts(room), count, (id) => ({
    id,
    sender: `user${id % 37}`,
    sentAt: 1_700_000_000_000 + id,
    text: text(id),
    channel: room,
  }));
  // The conversation between "me" and a peer named like the room.
  await fill(directParts("me", room), count, (id) => ({
    id,
    sender: id % 2 ? "me" : room,
    recipient: id % 2 ? room : "me",
    sentAt: 1_700_000_000_000 + id,
    text: text(id),
  }));
}
console.error(
  `filled 202 000 messages in ${Math.round(performance.now() - started)} ms`,
);

benchHistory(backend, rooms);
benchHistory(backend, rooms, {
  label: "direct messages",
  read: directReader(backend, "me"),
});
