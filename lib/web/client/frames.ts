/**
 * Reading server frames in the browser: a text frame holds one JSON event
 * object or, when the server batched under load, a JSON array of them
 * (docs/protocol.md, "Batched frames"). Kept apart so tests need no DOM.
 *
 * @module
 */

/** The events in one server text frame, in order. */
// deno-lint-ignore no-explicit-any
export function unpackFrames(data: string): any[] {
  const value = JSON.parse(data);
  return Array.isArray(value) ? value : [value];
}
