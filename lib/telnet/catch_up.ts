/**
 * What the telnet path shows of a place's unread messages: a one-line
 * notice on entering (never the messages themselves, so a long absence
 * cannot flood the screen), and `/history new` pages that count as read.
 *
 * @module
 */
import { type Connection, MAX_PAGE } from "../chat/mod.ts";
import { renderMessage } from "./render.ts";

/** Shows lines to the user. */
export type Print = (...lines: string[]) => void;

/** Where the connection talks, in words. */
export function placeName(conn: Connection): string {
  if (conn.direct !== null) return `your conversation with ${conn.direct}`;
  return conn.room === null ? "the general chat" : `#${conn.room}`;
}

/** "N new messages since you were last here", if any came. */
export async function printUnread(conn: Connection, print: Print) {
  // Logged in and in the room already: a storage hiccup here is no failure.
  const page = await conn.missed({ limit: MAX_PAGE }).catch(() => null);
  if (!page || page.messages.length === 0) return;
  const n = page.hasMore ? `${MAX_PAGE}+` : page.messages.length;
  const count = plural(n, "new message");
  print(`* ${count} since you were last here; /history new shows them`);
}

/** One page of what was missed here; showing it counts as reading it. */
export async function printMissed(conn: Connection, print: Print) {
  const page = await conn.missed({ limit: MAX_PAGE });
  const where = placeName(conn);
  const last = page.messages.at(-1);
  if (!last) return print(`* No new messages in ${where}`);
  print(
    `* ${plural(page.messages.length, "new message")} in ${where}:`,
    ...page.messages.map(renderMessage),
    ...(page.hasMore ? ["* …more: /history new again"] : []),
  );
  await conn.markRead(last.id);
}

/** `n noun` or `n nouns`. */
export function plural(n: number | string, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
