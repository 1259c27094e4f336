import { define } from "../../lib/web/define.ts";

/** Exchanges a name and password (JSON) for a bearer token. */
export const handler = define.handlers({
  async POST(ctx) {
    let body: { name?: unknown; password?: unknown };
    try {
      body = await ctx.req.json();
    } catch {
      return ctx.json(failure("invalid", 'Send JSON: {"name", "password"}'), {
        status: 400,
      });
    }
    if (typeof body?.name !== "string" || typeof body.password !== "string") {
      return ctx.json(
        failure("invalid", "Fields name and password are required"),
        { status: 400 },
      );
    }
    try {
      const participant = await ctx.state.chat.authenticate(
        body.name,
        body.password,
        { address: ctx.state.address },
      );
      const token = await ctx.state.issueToken(participant.name);
      return ctx.json({ name: participant.name, token });
    } catch (error) {
      const known = error instanceof Error && error.name === "ChatError" &&
        "code" in error;
      return ctx.json(
        known
          ? failure(String(error.code), error.message)
          : failure("internal", "Something went wrong; please try again"),
        { status: known ? statusOf(String(error.code)) : 401 },
      );
    }
  },
});

function failure(code: string, message: string) {
  return { error: { code, message } };
}

function statusOf(code: string): number {
  return code === "unavailable" ? 503 : code === "throttled" ? 429 : 401;
}
