/**
 * Turns the manifest's route modules into what the server runs: a router
 * of routes, each with the folders ("levels") whose `_middleware`,
 * `_layout` and error page apply to it, root first. Every module is checked
 * against Fresh's contract here, so a wrong export fails at start-up with
 * the file's name instead of answering oddly later.
 *
 * @module
 */
import type { ComponentType } from "preact";
import {
  type AppProps,
  type Handlers,
  type LayoutProps,
  type Method,
  METHODS,
  type Middleware,
  type PageProps,
} from "./define.ts";
import { classifyRouteFiles, type RouteFile } from "./route_files.ts";
import { Router } from "./router.ts";

/** A route or error page module: Fresh's contract. */
export interface PageModule<S> {
  file: string;
  handler?: Handlers<unknown, S>;
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<PageProps<any, S>>;
}

/** A middleware with the file it came from, for error messages. */
export interface FileMiddleware<S> {
  file: string;
  run: Middleware<S>;
}

/** One folder's special files; they apply to everything under it. */
export interface Level<S> {
  middlewares: FileMiddleware<S>[];
  layout: ComponentType<LayoutProps<S>> | null;
  /** Its `_500` or `_error`. */
  errorPage: PageModule<S> | null;
}

/** A route and what runs around it. */
export interface Route<S> {
  page: PageModule<S>;
  /** Root first; the root is always there, other folders only when they add something. */
  levels: Level<S>[];
  /** The methods it answers, in `METHODS` order. */
  allow: Method[];
}

/** Everything the server needs to answer a request. */
export interface RouteTable<S> {
  router: Router<Route<S>>;
  /** The levels for a request no route takes (404, 405): the root only. */
  rootLevels: Level<S>[];
  app: ComponentType<AppProps<S>> | null;
  notFound: PageModule<S> | null;
}

/** Builds the table; throws naming the file when a name or module is wrong. */
export function buildRouteTable<S>(
  modules: Record<string, object>,
): RouteTable<S> {
  const files = classifyRouteFiles(Object.keys(modules));
  const levels = new Map<string, Level<S>>();
  const level = (dir: string) => {
    let found = levels.get(dir);
    if (!found) {
      found = { middlewares: [], layout: null, errorPage: null };
      levels.set(dir, found);
    }
    return found;
  };
  const table: RouteTable<S> = {
    router: new Router(),
    rootLevels: [level("")],
    app: null,
    notFound: null,
  };
  const routes: [RouteFile, PageModule<S>][] = [];
  for (const entry of files) {
    const mod = checkModule(entry, modules[entry.file]);
    const page: PageModule<S> = {
      file: entry.file,
      handler: mod.handler as Handlers<unknown, S> | undefined,
      default: mod.default as PageModule<S>["default"],
    };
    const here = level(entry.dir);
    switch (entry.kind) {
      case "route":
        routes.push([entry, page]);
        break;
      case "middleware": {
        const value = mod.default ?? mod.handler;
        for (const run of Array.isArray(value) ? value : [value]) {
          here.middlewares.push({ file: entry.file, run });
        }
        break;
      }
      case "layout":
        here.layout = mod.default as ComponentType<LayoutProps<S>>;
        break;
      case "error":
        here.errorPage = page;
        break;
      case "notFound":
        table.notFound = page;
        break;
      case "app":
        table.app = mod.default as ComponentType<AppProps<S>>;
    }
  }
  for (const [{ dir, pattern }, page] of routes) {
    const chain = ancestors(dir).map((d) => levels.get(d))
      .filter((l, i): l is Level<S> => i === 0 || hasEffect(l));
    const allow = METHODS.filter((m) =>
      page.handler?.[m] || (m === "GET" && page.default)
    );
    table.router.add(pattern!, { page, levels: chain, allow });
  }
  return table;
}

// "a/b" → ["", "a", "a/b"].
function ancestors(dir: string): string[] {
  const parts = dir === "" ? [] : dir.split("/");
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}

function hasEffect<S>(level: Level<S> | undefined): boolean {
  return !!level &&
    (level.middlewares.length > 0 || !!level.layout || !!level.errorPage);
}

// Fresh's contract per kind of file, with the file named when it is broken.
function checkModule(
  entry: RouteFile,
  mod: object | undefined,
): Record<string, unknown> {
  const file = entry.file.replace(/^\.\//, "");
  const fail: (why: string) => never = (why) => {
    throw new TypeError(`${file}: ${why}`);
  };
  if (mod === undefined || typeof mod !== "object") fail("not a module");
  const exports = mod as Record<string, unknown>;
  if ("config" in exports) {
    fail(
      `"config" (routeOverride, skipAppWrapper, skipInheritedLayouts) is not supported; see docs/web.md`,
    );
  }
  if ("handlers" in exports) fail('export the handlers as "handler"');
  const { default: component, handler } = exports;
  if (entry.kind === "middleware") {
    const value = component ?? handler;
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((fn) => typeof fn === "function")) {
      fail(
        "a middleware exports a function (or an array of them) as default or as handler",
      );
    }
    return exports;
  }
  if (component !== undefined && typeof component !== "function") {
    fail("the default export must be a component");
  }
  if (entry.kind === "app" || entry.kind === "layout") {
    if (handler !== undefined) fail(`${entry.kind} takes no handler`);
    if (!component) fail("expected a default export component");
    return exports;
  }
  if (handler !== undefined) {
    if (typeof handler !== "object" || handler === null) {
      fail(
        `handler must be an object of methods (${
          METHODS.join(", ")
        }); a single function is not supported`,
      );
    }
    for (const [method, fn] of Object.entries(handler)) {
      if (!(METHODS as readonly string[]).includes(method)) {
        fail(`handler.${method} is not one of ${METHODS.join(", ")}`);
      }
      if (typeof fn !== "function") fail(`handler.${method} is not a function`);
    }
  }
  if (entry.kind !== "route" && !component) {
    fail("an error page needs a default export component");
  }
  if (!component && handler === undefined) {
    fail("expected a handler or a default export component");
  }
  return exports;
}
