/**
 * The browser path: Fresh-shaped routes and islands served by Hono, and the
 * WebSocket transport into the same session as telnet. This directory is
 * the only place that imports Hono.
 *
 * @example
 * ```ts ignore
 * const web = serveWeb(session, { port: 8000, secret: Deno.env.get("CHAT_SESSION_SECRET") });
 * await web.finished;
 * ```
 *
 * @module
 */
export { createApp, type WebOptions } from "./app.ts";
export type { HttpEngine } from "../config_options.ts";
export { serveWeb, type ServeWebOptions, type WebServer } from "./serve.ts";
export { DEFAULT_HEADER_TIMEOUT_SECONDS } from "./serve_node.ts";
export { CLOSE_CODES } from "./ws.ts";
