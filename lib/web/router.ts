/**
 * Finds the route for a path as Fresh 2's `UrlPatternRouter` does: exact
 * paths from a map, then patterns through the built-in `URLPattern`, the
 * most specific first (per segment: a literal, then `[name]`, then
 * `[[optional]]`, then `[...rest]`).
 *
 * @module
 */

/** A route found for a path. */
export interface RouteMatch<T> {
  route: T;
  /** The matched pattern, e.g. `/api/:id`. */
  pattern: string;
  /** Decoded parameters; an absent optional or rest parameter is `""`. */
  params: Record<string, string>;
}

interface Dynamic<T> {
  route: T;
  pattern: string;
  matcher: URLPattern;
  rank: number[];
}

/** Routes by URL pattern. */
export class Router<T> {
  #exact = new Map<string, T>();
  #dynamic: Dynamic<T>[] = [];

  /** Adds a route for a `URLPattern` pathname. */
  add(pattern: string, route: T): void {
    if (!/[:*{}?+()]/.test(pattern)) {
      this.#exact.set(pattern, route);
      return;
    }
    const matcher = new URLPattern({ pathname: pattern });
    this.#dynamic.push({ route, pattern, matcher, rank: rank(pattern) });
    this.#dynamic.sort((a, b) => compareRanks(a.rank, b.rank));
  }

  /** The route for `pathname`, or null. */
  match(pathname: string): RouteMatch<T> | null {
    const exact = this.#exact.get(pathname);
    if (exact !== undefined) {
      return { route: exact, pattern: pathname, params: {} };
    }
    for (const { route, pattern, matcher } of this.#dynamic) {
      const found = matcher.exec({ pathname });
      if (!found) continue;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(found.pathname.groups)) {
        params[key] = value === undefined ? "" : decode(value);
      }
      return { route, pattern, params };
    }
    return null;
  }
}

// Like Fresh, `decodeURI`: an escaped "/" stays escaped inside a parameter.
function decode(value: string): string {
  try {
    return decodeURI(value);
  } catch {
    return value;
  }
}

// One score per segment: literal 3, [name] 2, [[optional]] 1, [...rest] 0.
function rank(pattern: string): number[] {
  return [...pattern.matchAll(/\{\/:\w+\}\?|\/:\w+\*|\/:\w+|\/[^/{]+/g)]
    .map(([s]) =>
      s.endsWith("?") ? 1 : s.endsWith("*") ? 0 : s[1] === ":" ? 2 : 3
    );
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (b[i] ?? -1) - (a[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
