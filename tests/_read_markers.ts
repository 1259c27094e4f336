/**
 * Test helper for read markers, which the server writes off the hot path:
 * a test waits for one before it relies on it.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Backend } from "../lib/chat/mod.ts";

/** Waits until `name`'s read marker in `room` reaches `id`. */
export async function markerReaches(
  backend: Backend,
  where: { name: string; room: string | null; id: number },
): Promise<void> {
  const deadline = Date.now() + 5000;
  while (await backend.getReadMarker(where.name, where.room) < where.id) {
    assert.ok(Date.now() < deadline, `the marker of ${where.name} is stuck`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
