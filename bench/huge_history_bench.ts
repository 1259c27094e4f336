/**
 * "Newest 50 messages" in a room of 1 000 000 messages, for every backend;
 * the per-backend benches stop at 100 000 because filling a million takes
 * minutes. Off unless `BENCH_HUGE=1`; `BENCH_HUGE_BACKENDS=memory,kv`
 * picks backends (default all four; dynamodb against dynalite is slowest).
 * Run: `BENCH_HUGE=1 deno bench -A bench/huge_history_bench.ts`.
 *
 * @module
 */
import { fillBackend, HUGE_BACKENDS } from "./huge/fill.ts";

const COUNT = 1_000_000;

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
    const filled = await fillBackend(name, COUNT);
    if (!filled) {
      console.warn(`${name}: not available here; skipped`);
      continue;
    }
    console.error(
      `${name}: filled ${COUNT} messages in ${
        ((performance.now() - started) / 1000).toFixed(1)
      } s`,
    );
    // deno bench has no after-all hook; the process exit releases the rest.
    globalThis.addEventListener("unload", () => void filled.close());
    Deno.bench({
      name: `${name}: newest 50 of 1 000 000`,
      group: "newest 50 messages in 1 000 000",
      baseline: name === "memory",
      async fn() {
        const page = await filled.backend.getChannelHistory(filled.channel, {
          limit: 50,
        });
        if (page.messages.length !== 50 || page.messages.at(-1)!.id !== COUNT) {
          throw new Error("wrong page");
        }
      },
    });
  }
}
