import { define } from "../lib/web/define.ts";

/** Readiness for load balancers: 200 when storage and the bus answer, else 503. */
export const handler = define.handlers({
  async GET(ctx) {
    const health = await ctx.state.chat.health();
    return ctx.json(health, {
      status: health.ok ? 200 : 503,
      headers: { "cache-control": "no-store" },
    });
  },
});
