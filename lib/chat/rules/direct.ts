/**
 * What names a direct conversation, for every backend: the two
 * participants' name keys in sorted order, so either side (in any case)
 * reaches the same conversation, its ids and its history.
 *
 * @module
 */
import { nameKey } from "../ports/backend.ts";

/** The two name keys of a conversation, lower first. */
export function directPair(a: string, b: string): [string, string] {
  const [x, y] = [nameKey(a), nameKey(b)];
  return x <= y ? [x, y] : [y, x];
}
