/**
 * The one reading of a `HistoryQuery`. Every backend turns a query into a
 * `HistoryWindow` here and translates only the window into its storage
 * query (an array slice, a key range, a score range, a sort-key range), so
 * odd input (fractions, NaN, infinities, both bounds) pages alike on all.
 *
 * @module
 */
import { type HistoryQuery, pageLimit } from "../model/types.ts";

/** The highest message id any backend stores or reads. */
export const MAX_MESSAGE_ID = Number.MAX_SAFE_INTEGER;

/** An inclusive id range, the end a page is read from, and its size. */
export interface HistoryWindow {
  /** The lowest id the page may hold; at least 1. */
  from: number;
  /** The highest id the page may hold; at most `MAX_MESSAGE_ID`. */
  to: number;
  /**
   * True: the `limit` lowest ids of the range (catching up after `after`);
   * `hasMore` then means ids above the page. False: the `limit` highest
   * (the newest page, or an older one before `before`); `hasMore` then
   * means ids below it. Either way the page is returned oldest first.
   */
  forward: boolean;
  /** Most messages in the page: `pageLimit(query.limit)`. */
  limit: number;
}

/**
 * The window a query asks for, or null when no id can be in it. `after`
 * wins over `before` when both are given; NaN bounds are ignored; bounds
 * are truncated to integers (ids above 2.5 start at 3, ids below 5.5 end at
 * 4); `after: Infinity` and `before` of 1 or less are empty.
 */
export function historyWindow(query: HistoryQuery = {}): HistoryWindow | null {
  const limit = pageLimit(query.limit);
  const after = bound(query.after);
  if (after !== undefined) {
    const from = Math.max(1, after + 1);
    return from > MAX_MESSAGE_ID
      ? null
      : { from, to: MAX_MESSAGE_ID, forward: true, limit };
  }
  const before = bound(query.before);
  const to = before === undefined
    ? MAX_MESSAGE_ID
    : Math.min(MAX_MESSAGE_ID, before - 1);
  return to < 1 ? null : { from: 1, to, forward: false, limit };
}

/** Whether `id` can name a stored message: a positive safe integer. */
export function isMessageId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

function bound(id: number | undefined): number | undefined {
  if (id === undefined || Number.isNaN(id)) return undefined;
  return Number.isFinite(id) ? Math.trunc(id) : id;
}
