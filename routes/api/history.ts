import { define } from "../../lib/web/define.ts";

/** A page of history as JSON, with the WebSocket path's authorization. */
export const handler = define.handlers({
  async GET(ctx) {
    const user = ctx.state.user;
    if (!user) {
      return ctx.json({
        error: { code: "unauthorized", message: "Log in first" },
      }, {
        status: 401,
      });
    }
    const q = ctx.url.searchParams;
    const num = (key: string) => q.has(key) ? Number(q.get(key)) : undefined;
    try {
      const page = await ctx.state.readHistory(user, {
        channel: q.get("channel") || null,
        before: num("before"),
        after: num("after"),
        limit: num("limit"),
      });
      return ctx.json(page);
    } catch (error) {
      const code = error instanceof Error && "code" in error
        ? String(error.code)
        : "internal";
      const status = { forbidden: 403, not_found: 404, invalid: 400 }[code] ??
        500;
      const message = status === 500
        ? "Something went wrong"
        : (error as Error).message;
      return ctx.json({ error: { code, message } }, { status });
    }
  },
});
