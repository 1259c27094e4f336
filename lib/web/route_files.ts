/**
 * Fresh 2's file-routing rules, in one place for the manifest generator
 * (which refuses a bad name when `deno task manifest` runs) and the server
 * (which mounts the manifest): what each file under `routes/` is, and the
 * `URLPattern` pathname of each route.
 *
 * @module
 */

/** What a file under `routes/` does. */
export type RouteFileKind =
  /** A page or an API handler. */
  | "route"
  /** `_app`: the HTML shell around every page. */
  | "app"
  /** `_layout`: wraps the pages of its folder and below, inside `_app`. */
  | "layout"
  /** `_middleware`: runs before the routes of its folder and below. */
  | "middleware"
  /** `_404`: the page for paths no route matches. */
  | "notFound"
  /** `_500` or `_error`: the page for errors thrown in its folder and below. */
  | "error";

/** One file under `routes/`, classified. */
export interface RouteFile {
  /** The manifest key, e.g. `./routes/api/[id].ts`. */
  file: string;
  kind: RouteFileKind;
  /** Its folder under `routes/`, groups kept: `""` for the root, `(auth)`, `api`. */
  dir: string;
  /** A route's `URLPattern` pathname, e.g. `/api/:id`; null for the rest. */
  pattern: string | null;
}

const SPECIAL: Record<string, RouteFileKind> = {
  _app: "app",
  _layout: "layout",
  _middleware: "middleware",
  _404: "notFound",
  _500: "error",
  _error: "error",
};
const ROOT_ONLY = new Set(["_app", "_404"]);
const EXTENSION = /\.(tsx?|jsx?)$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL = /^[A-Za-z0-9._~@-]+$/;
const GROUP = /^\([^()[\]]+\)$/;
const FORMS = "a name, [param], [...rest] or [[optional]]";

/** What a file is, and a route's pattern; throws a `SyntaxError` naming the file. */
export function classifyRouteFile(file: string): RouteFile {
  const path = file.replace(/^\.\//, "");
  const fail: (why: string) => never = (why) => {
    throw new SyntaxError(`${path}: ${why}`);
  };
  const parts = path.replace(/^routes\//, "").replace(EXTENSION, "").split("/");
  const name = parts.pop()!;
  const dir = parts.join("/");
  const special = SPECIAL[name];
  if (name.startsWith("_") && !special) {
    fail(
      `unknown special file "${name}"; Fresh knows _app, _layout, _middleware, _404, _500 and _error (keep helpers in a "(_name)" folder)`,
    );
  }
  if (ROOT_ONLY.has(name) && dir !== "") {
    fail(`${name} must be directly in routes/`);
  }
  if (GROUP.test(name)) fail(`"${name}" is a route group; groups are folders`);
  const segments = (special ? parts : [...parts, name])
    .filter((part) => !GROUP.test(part));
  if (!special && segments.at(-1) === "index") segments.pop();
  const names = new Set<string>();
  const pattern = segments.map((s) => segmentPattern(s, names, fail)).join("");
  if (special) return { file, kind: special, dir, pattern: null };
  return { file, kind: "route", dir, pattern: pattern || "/" };
}

// One path segment as URLPattern syntax, as Fresh's `pathToPattern` writes it.
function segmentPattern(
  segment: string,
  names: Set<string>,
  fail: (why: string) => never,
): string {
  const [, rest, optional, param] = segment.match(
    /^(?:\[\.\.\.([^[\]]*)\]|\[\[([^[\]]*)\]\]|\[([^[\]]*)\])$/,
  ) ?? [];
  const name = rest ?? optional ?? param;
  if (name === undefined) {
    if (LITERAL.test(segment)) return `/${segment}`;
    return fail(
      /[[\]]/.test(segment)
        ? `"${segment}" is not a route segment: use ${FORMS}, each a whole segment`
        : `"${segment}" has characters a route pattern cannot hold; use letters, digits, ".", "_", "~", "@" and "-"`,
    );
  }
  if (!NAME.test(name)) {
    fail(
      `"${segment}" is not a route segment: use ${FORMS}, where a name is letters, digits and _`,
    );
  }
  if (names.has(name)) fail(`the parameter "${name}" appears twice`);
  names.add(name);
  if (rest === undefined) {
    return optional === undefined ? `/:${name}` : `{/:${name}}?`;
  }
  if (names.has("...")) fail("a route may hold one [...rest] only");
  names.add("...");
  return `/:${name}*`;
}

/** The `URLPattern` pathname of a route file, e.g. `./routes/api/[id].ts` → `/api/:id`. */
export function routePattern(file: string): string {
  const { pattern } = classifyRouteFile(file);
  if (pattern === null) throw new SyntaxError(`${file} is not a route`);
  return pattern;
}

const LABEL: Record<RouteFileKind, string> = {
  route: "route",
  app: "_app",
  layout: "layout",
  middleware: "middleware",
  notFound: "404 page",
  error: "error page",
};

/** Classifies every file; refuses a set where two files claim one place. */
export function classifyRouteFiles(files: string[]): RouteFile[] {
  const result = files.map(classifyRouteFile);
  const claimed = new Map<string, string>();
  for (const { file, kind, dir, pattern } of result) {
    // Parameter names do not change which paths a pattern matches.
    const key = pattern?.replace(/:\w+/g, ":") ?? `${kind} ${dir}`;
    const other = claimed.get(key);
    if (other !== undefined) {
      const what = pattern ?? `the ${LABEL[kind]} of routes/${dir}`;
      throw new SyntaxError(
        `${other.slice(2)} and ${file.slice(2)} are both ${
          pattern ? `routes for ${what}` : what
        }`,
      );
    }
    claimed.set(key, file);
  }
  return result;
}
