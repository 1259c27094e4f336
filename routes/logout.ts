import { define } from "../lib/web/define.ts";

/** Signing out is a POST (a link could be forged); GET just goes home. */
export const handler = define.handlers({
  GET(ctx) {
    return ctx.redirect(ctx.state.user ? "/chat" : "/");
  },
  POST(ctx) {
    ctx.state.signOut();
    return ctx.redirect("/");
  },
});
