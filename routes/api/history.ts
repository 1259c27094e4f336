import { define, failureBody } from "../../lib/web/define.ts";

/**
 * A page of history as JSON, with the WebSocket path's authorization:
 * `?channel=` a channel the user may use (none: the general chat), or
 * `?dm=` a peer, for the user's own conversation with them.
 */
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
    const query = {
      before: num("before"),
      after: num("after"),
      limit: num("limit"),
    };
    // A refusal (forbidden, a bad cursor) becomes JSON in api/_middleware.ts.
    const peer = q.get("dm");
    const page = peer
      ? await ctx.state.readDirectHistory(user, { ...query, peer })
      : await ctx.state.readHistory(user, {
        ...query,
        channel: q.get("channel") || null,
      });
    return ctx.json(page);
  },
});
