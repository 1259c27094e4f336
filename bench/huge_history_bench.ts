/**
 * "Newest 50 messages" in a room of 1 000 000 messages, for every backend;
 * the per-backend benches stop at 100 000 because filling a million takes
 * minutes. Off unless `BENCH_HUGE=1`; `BENCH_HUGE_BACKENDS=memory,kv`
 * picks backends (default all four; dynamodb against dynalite is slowest);
 * `BENCH_HUGE_ROOM=direct` fills a direct conversation instead of a channel.
 * Run: `BENCH_HUGE=1 deno bench -A bench/huge_history_bench.ts`.
 *
 * @module
 */
import { fillBackend, HUGE_BACKENDS, type RoomKind } from "./huge/fill.ts";

const COUNT = 1_000_000;
const KIND: RoomKind = Deno.env.get("BENCH_HUGE_ROOM") === "direct"
  ? "direct"
  : "channel";
const WHAT = KIND === "direct" ? "direct messages" : "messages";

if (Deno.env.get("BENCH_HUGE") !== "1") {
  Deno.bench({
    name: "newest 50 of 1 000 000 (set BENCH_HUGE=1)",
    ignore: true,
    fn() {},
  });
} else {
  const wanted =
    (Deno.env.get("BENCH_HUGE_BACKENDS") ?? HUGE_BACKENDS.join(","))
      .split(",").map((s) => s.trim());
  for (const name of HUGE_BACKENDS.filter((b) => wanted.includes(b))) {
    const started = performance.now();
    const filled = await fillBackend(name, COUNT, KIND);
    if (!filled) {
      console.warn(`${name}: not available here; skipped`);
      continue;
    }
    console.error(
      `${name}: filled ${COUNT} ${WHAT} in ${
        ((performance.now() - started) / 1000).toFixed(1)
      } s`,
    );
    // deno bench has no after-all hook; the process exit releases the rest.
    globalThis.addEventListener("unload", () => void filled.close());
    Deno.bench({
      name: `${name}: newest 50 of 1 000 000`,
      group: `newest 50 ${WHAT} in 1 000 000`,
      baseline: name === "memory",
      async fn() {
        const page = await filled.read({ limit: 50 });
        if (page.messages.length !== 50 || page.messages.at(-1)!.id !== COUNT) {
          throw new Error("wrong page");
        }
      },
    });
  }
}
