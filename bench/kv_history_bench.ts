/**
 * History paging on the Deno KV backend: the newest page must cost the same
 * in a room of 1 000 messages as in one of 100 000, because it is one
 * bounded range list. Run: `deno bench -A bench/kv_history_bench.ts`.
 *
 * @module
 */
import { benchHistory } from "./_history_cases.ts";
import { KvBackend } from "../lib/backends/kv.ts";
import { headKey, messagePrefix } from "../lib/backends/kv_keys.ts";
import type { Message } from "../lib/chat/mod.ts";

const dir = await Deno.makeTempDir({ prefix: "parley_kv_bench_" });
const kv = await Deno.openKv(`${dir}/bench.kv`);
const backend = new KvBackend(kv);
globalThis.addEventListener("unload", () => {
  kv.close();
  Deno.removeSync(dir, { recursive: true });
});

// Written straight in the backend's key layout, 500 per commit: going
// through storeMessage one by one would take far longer to fill.
async function fill(channel: string, count: number): Promise<void> {
  const prefix = messagePrefix(channel);
  for (let first = 1; first <= count; first += 500) {
    const last = Math.min(count, first + 499);
    const op = kv.atomic().set(headKey(channel), last);
    for (let id = first; id <= last; id++) {
      const message: Message = {
        id,
        sender: `user${id % 37}`,
        sentAt: 1_700_000_000_000 + id,
        text: `message number ${id} with some ordinary chat text in it`,
        channel,
      };
      op.set([...prefix, id], message);
    }
    const result = await op.commit();
    if (!result.ok) throw new Error("fill commit failed");
  }
}

const started = performance.now();
await fill("small", 1_000);
await fill("large", 100_000);
console.error(
  `filled 101 000 messages in ${Math.round(performance.now() - started)} ms`,
);

benchHistory(backend, [["small", 1_000], ["large", 100_000]]);
