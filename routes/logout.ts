import { define } from "../lib/web/define.ts";

/**
 * Signing out is a POST (a link could be forged); GET just goes home.
 * `?everywhere=1` ends every sign-in of the participant, on every device.
 */
export const handler = define.handlers({
  GET(ctx) {
    return ctx.redirect(ctx.state.user ? "/chat" : "/");
  },
  async POST(ctx) {
    const everywhere = ctx.url.searchParams.get("everywhere") === "1";
    await ctx.state.signOut({ everywhere });
    return ctx.redirect("/");
  },
});
