import { define, failureBody } from "../../lib/web/define.ts";

/** A page of history as JSON, with the WebSocket path's authorization. */
export const handler = define.handlers({
  async GET(ctx) {
    const user = ctx.state.user;
    if (!user) {
      const failure = {
        status: 401,
        code: "unauthorized",
        message: "Log in first",
      };
      return ctx.json(failureBody(failure), { status: 401 });
    }
    const q = ctx.url.searchParams;
    const num = (key: string) => q.has(key) ? Number(q.get(key)) : undefined;
    // A refusal (forbidden, a bad cursor) becomes JSON in api/_middleware.ts.
    const page = await ctx.state.readHistory(user, {
      channel: q.get("channel") || null,
      before: num("before"),
      after: num("after"),
      limit: num("limit"),
    });
    return ctx.json(page);
  },
});
