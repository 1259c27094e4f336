/**
 * The Hono app of the browser path: security headers, CSRF checks on form
 * posts, the session cookie, static files and the bundled islands, then
 * every route of the manifest.
 *
 * @module
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import { serveStatic } from "hono/deno";
import type { Session } from "../chat/mod.ts";
import { type Logger, silentLogger } from "../log.ts";
import manifest from "../../fresh.gen.ts";
import {
  COOKIE_NAME,
  createTokenSigner,
  randomSecret,
  SESSION_TTL_SECONDS,
} from "./auth.ts";
import type { State } from "./define.ts";
import { mountManifest, type WebEnv } from "./server.ts";
import { acceptSocket } from "./ws.ts";
import { type AssetVersions, assetVersions, transfer } from "./assets.ts";

/** Options for `createApp` and `serveWeb`. */
export interface WebOptions {
  /** Shown on the landing page, e.g. `chat.example.org 2323`. */
  telnetAddress?: string;
  /** HMAC key for session tokens; random per process when absent. */
  secret?: string;
  /** Largest accepted WebSocket frame in bytes; default 16 KiB. */
  maxFrameBytes?: number;
  /** Unsent WebSocket bytes beyond which a socket is dropped; default 1 MiB. */
  maxQueuedBytes?: number;
  /** Serves `/metrics` (Prometheus text) when given. */
  metrics?: { text(): string };
  /** Extra origins allowed to open the WebSocket (e.g. behind a proxy). */
  origins?: string[];
  /** Set `Secure` on the cookie even when the request looks like plain HTTP. */
  secureCookie?: boolean;
  logger?: Logger;
}

const ROOT = new URL("../../", import.meta.url).pathname;
let processSecret: string | undefined;

/** The web app over `session`; `app.fetch` serves it. */
export function createApp(
  session: Session,
  options: WebOptions = {},
): Hono<WebEnv> {
  return buildApp(session, options, new Set());
}

/** `createApp` with the registry `serveWeb` closes on shutdown. */
export function buildApp(
  session: Session,
  options: WebOptions,
  sockets: Set<WebSocket>,
): Hono<WebEnv> {
  const logger = options.logger ?? silentLogger;
  let secret = options.secret;
  if (!secret) {
    if (!processSecret) {
      processSecret = randomSecret();
      logger.info("session_secret_generated", {
        note: "set CHAT_SESSION_SECRET to keep sign-ins across restarts",
      });
    }
    secret = processSecret;
  }
  const signer = createTokenSigner(secret);
  const app = new Hono<WebEnv>();
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
  // Hashed on first use, so creating an app starts no work of its own.
  let hashed: Promise<AssetVersions> | undefined;
  const versions = () =>
    hashed ??= assetVersions({
      "/styles.css": ROOT + "static/styles.css",
      "/_fresh/js/client_entry.js": ROOT + "_fresh/js/client_entry.js",
    });
  const transferred = transfer(versions);
  // Deno must get its upgrade response back untouched, so no headers on it.
  app.use((c, next) => c.req.header("upgrade") ? next() : headers(c, next));
  app.use((c, next) => c.req.header("upgrade") ? next() : transferred(c, next));
  app.use(csrf());
  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const bearer = c.req.header("authorization")?.match(/^Bearer (\S+)$/)?.[1];
    const cookie = getCookie(c, COOKIE_NAME);
    const user = await signer.verify(cookie ?? bearer);
    const secure = options.secureCookie || url.protocol === "https:";
    // Deno.serve passes its connection info as Hono's env.
    const info = c.env as Deno.ServeHandlerInfo<Deno.NetAddr> | undefined;
    const assets = await versions();
    const address = info?.remoteAddr?.hostname;
    const state: State = {
      user,
      address,
      chat: session,
      telnetAddress: options.telnetAddress,
      async signIn(name) {
        setCookie(c, COOKIE_NAME, await signer.issue(name), {
          httpOnly: true,
          sameSite: "Lax",
          secure,
          path: "/",
          maxAge: SESSION_TTL_SECONDS,
        });
      },
      signOut() {
        deleteCookie(c, COOKIE_NAME, { path: "/", secure });
      },
      issueToken: (name) => signer.issue(name),
      asset: (path) => assets.url(path),
      readHistory: (name, query) => session.history(name, query),
      openSocket(req) {
        const origin = req.headers.get("origin");
        if (
          origin && origin !== url.origin && !options.origins?.includes(origin)
        ) {
          return c.text("Origin not allowed", 403);
        }
        if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
          return c.text("Expected a WebSocket upgrade request", 400);
        }
        return acceptSocket(session, req, {
          user,
          // A page signing in by cookie is told at once that it cannot,
          // instead of waiting for an auth frame it will never send.
          refuse: user === null &&
            (cookie !== undefined || url.searchParams.get("auth") === "cookie"),
          signer,
          address,
          maxFrameBytes: options.maxFrameBytes,
          maxQueuedBytes: options.maxQueuedBytes,
          logger,
          registry: sockets,
          // `?batch=0`: a client that cannot read array frames opts out.
          batch: url.searchParams.get("batch") !== "0",
        });
      },
    };
    c.set("state", state);
    await next();
  });
  app.get("/_fresh/*", serveStatic({ root: ROOT }));
  app.get("*", serveStatic({ root: ROOT + "static" }));
  if (options.metrics) {
    const metrics = options.metrics;
    app.get("/metrics", (c) =>
      c.text(metrics.text(), 200, {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
        "cache-control": "no-store",
      }));
  }
  // The manifest answers every request left (404 and error pages included);
  // onError below sees only what fails before it, in the middlewares above.
  mountManifest(app, manifest, {
    onError: (cause, req) =>
      logger.error("http_error", { path: new URL(req.url).pathname, cause }),
  });
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    logger.error("http_error", { path: c.req.path, cause: error });
    return c.text("Something went wrong", 500);
  });
  return app;
}
