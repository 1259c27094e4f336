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
  SESSION_TTL_SECONDS,
  type TokenClaims,
} from "./auth.ts";
import { LiveSignIns } from "./live_sign_ins.ts";
import { PendingSockets } from "./pending_sockets.ts";
import type { State } from "./define.ts";
import { mountManifest, type WebEnv } from "./server.ts";
import { acceptSocket } from "./ws.ts";
import type { ChatSocket } from "./chat_socket.ts";
import { type AssetVersions, assetVersions, transfer } from "./assets.ts";
import { boundedRequest, MAX_BODY_BYTES } from "./bodies.ts";
import { failureBody } from "./http_errors.ts";
import { type SocketUpgrade, upgradeProblem } from "./upgrade.ts";

/** What an engine passes `app.fetch` as Hono's env. */
export interface EngineInfo extends Deno.ServeHandlerInfo<Deno.NetAddr> {
  /** From the node engine, for a WebSocket upgrade request. */
  upgrade?: SocketUpgrade;
}

/** Options for `createApp` and `serveWeb`. */
export interface WebOptions {
  /** Shown on the landing page, e.g. `chat.example.org 2323`. */
  telnetAddress?: string;
  /**
   * HMAC key for session tokens (`CHAT_SESSION_SECRET`); when absent, one
   * generated once and kept in storage.
   */
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
  sockets: Set<ChatSocket>,
): Hono<WebEnv> {
  const logger = options.logger ?? silentLogger;
  const signer = createTokenSigner(
    options.secret || (() => session.signIns.signingKey()),
  );
  const live = new LiveSignIns();
  const pending = new PendingSockets(session.limits.trustedAddresses);
  // A token counts only while its sign-in is stored; storage trouble reads
  // as signed out rather than failing every page.
  const signedIn = async (token?: string): Promise<TokenClaims | null> => {
    const claims = await signer.verify(token).catch(() => null);
    if (!claims) return null;
    const stored = await session.signIns.check(claims.signIn, claims.name)
      .catch(() => null);
    return stored && { name: stored.name, signIn: stored.id };
  };
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
  // Every body, declared or streamed, is cut off past the cap: 413.
  app.use(async (c, next) => {
    const bounded = await boundedRequest(c.req.raw, MAX_BODY_BYTES);
    if (bounded) {
      c.req.raw = bounded;
      return await next();
    }
    const message = `Request bodies are limited to ${MAX_BODY_BYTES} bytes`;
    return c.req.path.startsWith("/api/")
      ? c.json(failureBody({ status: 413, code: "too_long", message }), 413)
      : c.text(message, 413);
  });
  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const bearer = c.req.header("authorization")?.match(/^Bearer (\S+)$/)?.[1];
    const cookie = getCookie(c, COOKIE_NAME);
    const presented = cookie ?? bearer;
    const claims = await signedIn(presented);
    const user = claims?.name ?? null;
    const secure = options.secureCookie || url.protocol === "https:";
    // Deno.serve (or the node engine) passes its connection info as Hono's env.
    const info = c.env as EngineInfo | undefined;
    const assets = await versions();
    const address = info?.remoteAddr?.hostname;
    const state: State = {
      user,
      address,
      chat: session,
      telnetAddress: options.telnetAddress,
      async signIn(name) {
        const token = await signer.issue(await session.signIns.start(name));
        setCookie(c, COOKIE_NAME, token, {
          httpOnly: true,
          sameSite: "Lax",
          secure,
          path: "/",
          maxAge: SESSION_TTL_SECONDS,
        });
      },
      async signOut(scope = {}) {
        deleteCookie(c, COOKIE_NAME, { path: "/", secure });
        if (!claims) return;
        if (scope.everywhere) {
          await session.signIns.endAllOf(claims.name);
          live.endAllOf(claims.name);
        } else {
          await session.signIns.end(claims.signIn);
          live.end(claims.signIn);
        }
      },
      issueToken: async (name) =>
        await signer.issue(await session.signIns.start(name)),
      asset: (path) => assets.url(path),
      readHistory: (name, query) => session.history(name, query),
      readDirectHistory: (name, query) => session.directHistory(name, query),
      openSocket(req) {
        const origin = req.headers.get("origin");
        if (
          origin && origin !== url.origin && !options.origins?.includes(origin)
        ) {
          return c.text("Origin not allowed", 403);
        }
        const problem = upgradeProblem(req);
        if (problem) return c.text(problem, 400);
        return acceptSocket(session, req, {
          user: claims,
          // A page signing in by cookie, or with a cookie or token that no
          // longer counts, is told at once that it cannot, instead of
          // waiting for an auth frame it will never send.
          refuse: claims === null &&
            (presented !== undefined ||
              url.searchParams.get("auth") === "cookie"),
          signedIn,
          // Storage trouble keeps a socket; only a missing sign-in ends it.
          stillSignedIn: (c) =>
            session.signIns.check(c.signIn, c.name).then(Boolean, () => true),
          live,
          pending,
          address,
          maxFrameBytes: options.maxFrameBytes,
          maxQueuedBytes: options.maxQueuedBytes,
          logger,
          registry: sockets,
          // `?batch=0`: a client that cannot read array frames opts out.
          batch: url.searchParams.get("batch") !== "0",
          upgrade: info?.upgrade,
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
