/**
 * One join shared by identical queues. In a busy room every member's queue
 * holds the same broadcasts (the same encoded objects) when the shared flush
 * runs, so joining each queue separately copies the same bytes once per
 * member and makes as much garbage. Remembering the last join and reusing
 * it while the next queue holds the very same parts makes the room pay for
 * one copy per flush; a queue that differs (a socket that missed a flush, a
 * private notice) is joined on its own.
 *
 * @module
 */

/** Joins part lists, reusing the last result for an identical list. */
export class JoinMemo<P, R> {
  #join: (parts: readonly P[]) => R;
  #parts: readonly P[] = [];
  #result: R | undefined;

  /** Wraps the function that joins a list of parts. */
  constructor(join: (parts: readonly P[]) => R) {
    this.#join = join;
  }

  /** `join(parts)`, or the last result if `parts` holds the same objects. */
  join(parts: readonly P[]): R {
    if (this.#result !== undefined && same(parts, this.#parts)) {
      return this.#result;
    }
    const result = this.#join(parts);
    this.#parts = parts;
    this.#result = result;
    return result;
  }

  /** Lets go of the last parts and result, e.g. once a flush is over. */
  clear(): void {
    this.#parts = [];
    this.#result = undefined;
  }
}

function same<P>(a: readonly P[], b: readonly P[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
