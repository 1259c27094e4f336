/**
 * Counts the channels a participant owns through the storage port's
 * per-owner index, stopping as soon as the limit is reached, so the check
 * costs one page for anyone below a limit of up to 200.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import { MAX_PAGE } from "../model/types.ts";

/** Options for `countOwnedChannels`. */
export interface CountOwnedOptions {
  /** Stop counting once this many were found. */
  stopAt: number;
  /** Most pages read; a safety bound. Default 100. */
  maxPages?: number;
}

/** Channels `owner` owns, counted up to `stopAt`. */
export async function countOwnedChannels(
  backend: Backend,
  owner: string,
  options: CountOwnedOptions,
): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (let page = 0; page < (options.maxPages ?? 100); page++) {
    const { items, next } = await backend.listChannelsOwnedBy(owner, {
      limit: Math.min(MAX_PAGE, options.stopAt),
      after,
    });
    count += items.length;
    if (count >= options.stopAt || !next) break;
    after = next;
  }
  return count;
}
