/**
 * Pure helpers for the browser's message list, kept apart so tests can
 * check merging without a DOM.
 *
 * @module
 */

/** A message as the WebSocket sends it. */
export interface ChatMessage {
  id: number;
  sender: string;
  sentAt: number;
  text: string;
  channel: string | null;
}

/** Merges `incoming` into `list` by id: sorted, no duplicates. */
export function mergeMessages(
  list: ChatMessage[],
  incoming: ChatMessage[],
): ChatMessage[] {
  if (incoming.length === 0) return list;
  const last = list.at(-1);
  // The common case, a new live message, appends without a sort.
  if (incoming.length === 1 && (!last || incoming[0].id > last.id)) {
    return [...list, incoming[0]];
  }
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** Whether two room names (null: the general chat) are the same room. */
export function sameRoom(a: string | null, b: string | null): boolean {
  return a === b ||
    (a !== null && b !== null && a.toLowerCase() === b.toLowerCase());
}
