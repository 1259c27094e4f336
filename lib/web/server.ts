/**
 * Serves a Fresh-1-style manifest (`fresh.gen.ts`) on Hono with Fresh 2's
 * request semantics (docs/web.md): the `_middleware`s of a route's folders
 * run outer first around it; its page renders inside the folders'
 * `_layout`s and `_app`; `_404` answers paths no route takes; the nearest
 * `_500`/`_error` renders a thrown error with the error's status; a method a
 * route lacks gets 405 (204 for OPTIONS) with `Allow`.
 *
 * @module
 */
import type { Context as HonoContext, Hono } from "hono";
import type { ComponentType } from "preact";
import type { Context, Method, State } from "./define.ts";
import { describeError, failureHeaders, HttpError } from "./http_errors.ts";
import { registerIsland } from "./islands.ts";
import { renderDocument } from "./render.ts";
import {
  buildRouteTable,
  type FileMiddleware,
  type Level,
  type PageModule,
  type RouteTable,
} from "./route_table.ts";

/** The generated manifest's shape. */
export interface Manifest {
  routes: Record<string, object>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, { default: ComponentType<any> }>;
  baseUrl: string;
}

/** The Hono environment the web layer uses. */
export interface WebEnv<S = State> {
  Variables: { state: S };
}

/** Options for `mountManifest`. */
export interface MountOptions {
  /** Told of every error answered with a 5xx status. */
  onError?: (error: unknown, req: Request) => void;
}

/** Registers the manifest's islands, and its routes as `app`'s last handler. */
export function mountManifest<S>(
  app: Hono<WebEnv<S>>,
  manifest: Manifest,
  options: MountOptions = {},
): void {
  for (const [file, mod] of Object.entries(manifest.islands)) {
    registerIsland(
      file.replace(/^.*\//, "").replace(/\.\w+$/, ""),
      mod.default,
    );
  }
  const table = buildRouteTable<S>(manifest.routes);
  const onError = options.onError ?? (() => {});
  app.all("*", (c) => serve(c, table, onError));
}

// What one request needs while it runs through its levels.
interface Run<S> {
  c: HonoContext<WebEnv<S>>;
  ctx: Context<S>;
  table: RouteTable<S>;
  levels: Level<S>[];
  method: Method;
  onError: (error: unknown, req: Request) => void;
}

const notFound = (): Promise<Response> => Promise.reject(new HttpError(404));

async function serve<S>(
  c: HonoContext<WebEnv<S>>,
  table: RouteTable<S>,
  onError: (error: unknown, req: Request) => void,
): Promise<Response> {
  const url = new URL(c.req.url);
  const method = (c.req.method === "HEAD" ? "GET" : c.req.method) as Method;
  const found = table.router.match(url.pathname.replace(/\/{2,}/g, "/"));
  const ctx: Context<S> = {
    req: c.req.raw,
    url,
    params: found?.params ?? {},
    state: c.get("state"),
    route: found?.pattern ?? null,
    error: null,
    next: notFound,
    redirect: (to, status = 303) => c.redirect(to, status),
    json: (body, init) => c.json(body, init as Parameters<typeof c.json>[1]),
  };
  const run: Run<S> = {
    c,
    ctx,
    table,
    levels: table.rootLevels,
    method,
    onError,
  };
  let last = notFound;
  let allow = "";
  if (found?.route.allow.includes(method)) {
    const { page, levels } = found.route;
    run.levels = levels;
    last = () => respond(run, page, levels.length - 1, 200);
  } else if (found) {
    // As in Fresh, only the root's middlewares and pages see a wrong method.
    allow = found.route.allow.join(", ");
    last = c.req.method === "OPTIONS"
      ? () => Promise.resolve(c.body(null, 204, { Allow: allow }))
      : () => Promise.reject(new HttpError(405));
  }
  let response: Response;
  try {
    response = await runLevel(run, 0, last);
  } catch (error) {
    const failure = describeError(error);
    if (failure.status >= 500 && failure.code !== "busy") {
      onError(error, c.req.raw);
    }
    response = c.text(
      failure.message,
      failure.status as 500,
      failureHeaders(failure),
    );
  }
  if (response.status === 405 && allow) {
    response = new Response(response.body, response);
    response.headers.set("Allow", allow);
  }
  return response;
}

// A level catches what its own middlewares and everything inside throw.
async function runLevel<S>(
  run: Run<S>,
  depth: number,
  last: () => Promise<Response>,
): Promise<Response> {
  if (depth === run.levels.length) return await last();
  try {
    return await runMiddlewares(
      run.ctx,
      run.levels[depth].middlewares,
      () => runLevel(run, depth + 1, last),
    );
  } catch (error) {
    return await recover(run, depth, error);
  }
}

function runMiddlewares<S>(
  ctx: Context<S>,
  middlewares: FileMiddleware<S>[],
  inner: () => Promise<Response>,
): Promise<Response> {
  const step = async (i: number): Promise<Response> => {
    if (i === middlewares.length) return await inner();
    const { file, run } = middlewares[i];
    const next = async (): Promise<Response> => {
      try {
        return await step(i + 1);
      } finally {
        ctx.next = next;
      }
    };
    ctx.next = next;
    const response = await run(ctx);
    if (!(response instanceof Response)) {
      throw new TypeError(
        `${file.slice(2)}: a middleware must return a Response (or ctx.next())`,
      );
    }
    return response;
  };
  return step(0);
}

// Fresh's rule: a 404 shows `_404` wherever it is thrown; any other error
// shows the error page of this level, or goes on to the level outside.
async function recover<S>(
  run: Run<S>,
  depth: number,
  error: unknown,
): Promise<Response> {
  const { status } = describeError(error);
  const page = (status === 404 ? run.table.notFound : null) ??
    run.levels[depth].errorPage;
  if (!page) throw error;
  if (status >= 500) run.onError(error, run.ctx.req);
  run.ctx.error = error;
  return await respond(run, page, depth, status);
}

// Runs the page's handler for the method, if any, then renders its
// component inside the layouts of levels 0..depth and `_app`.
async function respond<S>(
  run: Run<S>,
  page: PageModule<S>,
  depth: number,
  status: number,
): Promise<Response> {
  const { c, ctx } = run;
  ctx.next = notFound;
  const handler = page.handler?.[run.method];
  const result = handler ? await handler(ctx) : { data: undefined };
  if (result instanceof Response) return result;
  if (!page.default) {
    throw new TypeError(
      `${
        page.file.slice(2)
      }: the handler returned page data but the file has no default component`,
    );
  }
  const layouts = run.levels.slice(0, depth + 1)
    .flatMap((level) => level.layout ? [level.layout] : []);
  const html = renderDocument(ctx, page.default, result.data, {
    app: run.table.app,
    layouts,
  });
  return c.html(html, (result.status ?? status) as 200, result.headers);
}
