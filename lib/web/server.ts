/**
 * Mounts a Fresh-1-style manifest (`fresh.gen.ts`) on Hono: file paths
 * become URL patterns, each route's `handler` answers by method (405 with
 * `Allow` otherwise), pages render through `_app` with Preact.
 *
 * @module
 */
import type { Context as HonoContext, Hono } from "hono";
import { type ComponentType, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type {
  AppProps,
  Context,
  Handlers,
  PageResponse,
  State,
} from "./define.ts";
import { registerIsland } from "./islands.ts";

/** One route module: Fresh's contract. */
export interface RouteModule {
  handler?: Handlers<unknown>;
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<any>;
}

/** The generated manifest's shape. */
export interface Manifest {
  routes: Record<string, RouteModule>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, { default: ComponentType<any> }>;
  baseUrl: string;
}

/** The Hono environment the web layer uses. */
export interface WebEnv {
  Variables: { state: State };
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The URL pattern of a route file, e.g. `./routes/api/[id].ts` → `/api/:id`. */
export function routePattern(file: string): string {
  const parts = file.replace(/^\.\/routes\//, "").replace(/\.(tsx?|jsx?)$/, "")
    .split("/")
    .filter((p) => !/^\(.*\)$/.test(p))
    .map((p) =>
      p.replace(/^\[\.\.\.(\w+)\]$/, ":$1{.+}").replace(/^\[(\w+)\]$/, ":$1")
    );
  if (parts.at(-1) === "index") parts.pop();
  return "/" + parts.join("/");
}

/** Registers the manifest's islands and routes on `app`. */
export function mountManifest(app: Hono<WebEnv>, manifest: Manifest): void {
  for (const [file, mod] of Object.entries(manifest.islands)) {
    registerIsland(
      file.replace(/^.*\//, "").replace(/\.\w+$/, ""),
      mod.default,
    );
  }
  const App = manifest.routes["./routes/_app.tsx"]?.default as
    | ComponentType<AppProps>
    | undefined;
  for (const [file, mod] of Object.entries(manifest.routes)) {
    if (/\/_[^/]*$/.test(file)) continue;
    app.all(routePattern(file), (c) => serveRoute(c, mod, App));
  }
}

async function serveRoute(
  c: HonoContext<WebEnv>,
  mod: RouteModule,
  App: ComponentType<AppProps> | undefined,
): Promise<Response> {
  const method = c.req.method === "HEAD" ? "GET" : c.req.method;
  const handler = mod.handler?.[method as typeof METHODS[number]];
  if (!handler && !(method === "GET" && mod.default)) {
    const allow = METHODS.filter((m) =>
      mod.handler?.[m] || (m === "GET" && mod.default)
    );
    return c.text("Method not allowed", 405, { Allow: allow.join(", ") });
  }
  const url = new URL(c.req.url);
  const ctx: Context = {
    req: c.req.raw,
    url,
    params: c.req.param() as Record<string, string>,
    state: c.get("state"),
    redirect: (to, status = 303) => c.redirect(to, status),
    json: (body, init) => c.json(body, (init?.status ?? 200) as 200),
  };
  const result = handler ? await handler(ctx) : { data: undefined };
  if (result instanceof Response) return result;
  if (!mod.default) return c.text("Not found", 404);
  const { data, status, headers } = result as PageResponse<unknown>;
  const Page = mod.default;
  const Component = () =>
    h(Page, { data, url, params: ctx.params, state: ctx.state });
  const tree = App
    ? h(App, { Component, url, state: ctx.state }) as unknown as VNode
    : h(Component, {});
  return c.html(
    "<!DOCTYPE html>" + renderToString(tree),
    (status ?? 200) as 200,
    headers,
  );
}
