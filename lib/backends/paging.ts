/**
 * Paging helpers shared by backends: the history window arithmetic over
 * per-room sequence ids, and name-ordered list pages.
 *
 * @module
 */
import {
  type HistoryQuery,
  type ListPage,
  type ListQuery,
  pageLimit,
} from "../chat/mod.ts";

/**
 * The inclusive id range a history query asks for, in a room whose ids run
 * `1..last` without gaps; null when the range is empty.
 */
export function historyRange(
  last: number,
  limit: number,
  query: HistoryQuery,
): { from: number; to: number; hasMore: boolean } | null {
  if (query.after !== undefined) {
    const from = Math.max(1, Math.trunc(query.after) + 1);
    const to = Math.min(last, from + limit - 1);
    return from > to ? null : { from, to, hasMore: to < last };
  }
  const top = query.before === undefined
    ? last
    : Math.min(last, Math.trunc(query.before) - 1);
  const from = Math.max(1, top - limit + 1);
  return top < 1 ? null : { from, to: top, hasMore: from > 1 };
}

/** Pages `[key, item]` pairs in key order, after `query.after`. */
export function pageSorted<T>(
  entries: ReadonlyArray<readonly [string, T]>,
  query: ListQuery,
): ListPage<T> {
  const limit = pageLimit(query.limit);
  const sorted = [...entries].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  const rest = query.after === undefined
    ? sorted
    : sorted.filter(([k]) => k > query.after!);
  const page = rest.slice(0, limit);
  return {
    items: page.map(([, v]) => v),
    ...(rest.length > limit ? { next: page[page.length - 1][0] } : {}),
  };
}
