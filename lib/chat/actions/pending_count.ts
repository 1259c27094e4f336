/**
 * Counts a channel's pending join requests through the storage port's
 * per-owner listing, so the limit needs no new backend method. The owner's
 * listing is bounded by their channels times this limit, and the count
 * stops as soon as the limit is reached.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import { nameKey } from "../ports/backend.ts";
import type { Channel } from "../model/types.ts";
import { MAX_PAGE } from "../model/types.ts";

/** Options for `countPending`. */
export interface CountPendingOptions {
  /** Stop counting once this many were found. */
  stopAt: number;
  /** Most pages read; a safety bound. Default 100. */
  maxPages?: number;
}

/** Pending requests for `channel`, counted up to `stopAt`. */
export async function countPending(
  backend: Backend,
  channel: Channel,
  options: CountPendingOptions,
): Promise<number> {
  const key = nameKey(channel.name);
  let count = 0;
  let after: string | undefined;
  for (let page = 0; page < (options.maxPages ?? 100); page++) {
    const { items, next } = await backend.listPendingRequests(channel.owner, {
      limit: MAX_PAGE,
      after,
    });
    for (const r of items) if (nameKey(r.channel) === key) count++;
    if (count >= options.stopAt || !next) break;
    after = next;
  }
  return count;
}
