import { define, HttpError, readJson } from "../../lib/web/define.ts";

/** Exchanges a name and password (JSON) for a bearer token. */
export const handler = define.handlers({
  async POST(ctx) {
    // A wrong type (415), bad JSON (400) or missing fields become JSON
    // errors in api/_middleware.ts, like wrong credentials and throttling.
    const body = await readJson(ctx.req) as {
      name?: unknown;
      password?: unknown;
    } | null;
    if (typeof body?.name !== "string" || typeof body.password !== "string") {
      throw new HttpError(400, "Fields name and password are required");
    }
    const participant = await ctx.state.chat.authenticate(
      body.name,
      body.password,
      { address: ctx.state.address },
    );
    const token = await ctx.state.issueToken(participant.name);
    return ctx.json({ name: participant.name, token });
  },
});
