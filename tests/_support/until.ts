/**
 * Waits for a condition the test can observe, with a deadline: for effects
 * that land off the caller's path (a read marker, a reconnect, a drop).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Backend, Room } from "../../lib/chat/mod.ts";

/** Options for `until`. */
export interface UntilOptions {
  /** Default 5 000. */
  timeoutMs?: number;
  /** How often `check` runs. Default 10. */
  intervalMs?: number;
}

/** Resolves once `check()` holds; fails with `what` after the deadline. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  options: UntilOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 10));
  }
}

/** Waits until `name`'s read marker in `room` reaches `id` (written off the hot path). */
export function markerReaches(
  backend: Backend,
  where: { name: string; room: Room; id: number },
): Promise<void> {
  return until(
    async () => await backend.getReadMarker(where.name, where.room) >= where.id,
    `the marker of ${where.name} reaches ${where.id}`,
  );
}
