/**
 * Paging helpers of the in-memory backend: a history window over a room
 * whose ids are its array positions, and name-ordered list pages.
 *
 * @module
 */
import {
  type HistoryPage,
  type HistoryWindow,
  type ListPage,
  type ListQuery,
  pageLimit,
} from "../chat/mod.ts";

/**
 * The page `window` selects in `room`, whose message `i` has id `i + 1`
 * (no gaps), so a page is one slice: O(page), whatever the room's size.
 */
export function sliceWindow<M extends { id: number }>(
  room: readonly M[],
  window: HistoryWindow,
): HistoryPage<M> {
  const top = Math.min(room.length, window.to);
  let from = window.from;
  let to = top;
  if (window.forward) to = Math.min(top, from + window.limit - 1);
  else from = Math.max(from, top - window.limit + 1);
  if (from > to) return { messages: [], hasMore: false };
  return {
    messages: room.slice(from - 1, to).map((m) => ({ ...m })),
    hasMore: window.forward ? to < top : from > window.from,
  };
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
