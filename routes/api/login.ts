import { define, failureBody } from "../../lib/web/define.ts";

/** Exchanges a name and password (JSON) for a bearer token. */
export const handler = define.handlers({
  async POST(ctx) {
    const invalid = (message: string) =>
      ctx.json(failureBody({ status: 400, code: "invalid", message }), {
        status: 400,
      });
    let body: { name?: unknown; password?: unknown };
    try {
      body = await ctx.req.json();
    } catch {
      return invalid('Send JSON: {"name", "password"}');
    }
    if (typeof body?.name !== "string" || typeof body.password !== "string") {
      return invalid("Fields name and password are required");
    }
    // Wrong credentials or throttling become JSON in api/_middleware.ts.
    const participant = await ctx.state.chat.authenticate(
      body.name,
      body.password,
      { address: ctx.state.address },
    );
    const token = await ctx.state.issueToken(participant.name);
    return ctx.json({ name: participant.name, token });
  },
});
