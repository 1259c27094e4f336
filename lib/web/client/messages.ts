/**
 * Pure helpers for the browser's message list, kept apart so tests can
 * check merging and grouping without a DOM.
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

/** One message as the list shows it. */
export interface Row {
  message: ChatMessage;
  /** Set on the first message of a day: that day's key (`dayOf`). */
  day?: string;
  /** A follow-up of the same sender's previous message: no name line. */
  grouped: boolean;
}

/** Messages of one sender this close together (ms) form one group. */
export const GROUP_GAP_MS = 5 * 60_000;

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
  return roomKey(a) === roomKey(b);
}

/** A room as a map key: "" for the general chat, else the channel in lower case. */
export function roomKey(channel: string | null): string {
  return channel === null ? "" : channel.toLowerCase();
}

/**
 * Rows for `list`: a day separator where the (local) day changes, and a
 * message grouped under the previous one when the same person sent it
 * within `GROUP_GAP_MS` on the same day.
 */
export function layoutRows(
  list: ChatMessage[],
  dayOf: (ms: number) => string,
): Row[] {
  let previous: ChatMessage | undefined;
  let previousDay = "";
  return list.map((message) => {
    const day = dayOf(message.sentAt);
    const newDay = day !== previousDay;
    const grouped = !newDay && previous !== undefined &&
      previous.sender.toLowerCase() === message.sender.toLowerCase() &&
      message.sentAt - previous.sentAt < GROUP_GAP_MS;
    previous = message;
    previousDay = day;
    return newDay ? { message, day, grouped } : { message, grouped };
  });
}
