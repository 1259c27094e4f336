import { define } from "../lib/web/define.ts";

/** The chat WebSocket; see docs/protocol.md. */
export const handler = define.handlers({
  GET(ctx) {
    return ctx.state.openSocket(ctx.req);
  },
});
