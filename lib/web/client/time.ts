/**
 * Times as the reader's browser knows them: its time zone and locale.
 * The server never formats a time for the page; it sends milliseconds.
 *
 * @module
 */

const clock = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
});
const full = new Intl.DateTimeFormat(undefined, {
  dateStyle: "full",
  timeStyle: "medium",
});
const longDay = new Intl.DateTimeFormat(undefined, {
  weekday: "long",
  month: "long",
  day: "numeric",
  year: "numeric",
});

/** The local day of `ms`, as `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A day separator's words: "Today", "Yesterday" or the full date. */
export function dayLabel(ms: number, now = Date.now()): string {
  const day = dayOf(ms);
  if (day === dayOf(now)) return "Today";
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  return day === dayOf(yesterday.getTime()) ? "Yesterday" : longDay.format(ms);
}

/** The local time of day, e.g. `01:08` or `1:08 AM`. */
export function clockTime(ms: number): string {
  return clock.format(ms);
}

/** The full local date and time, for a tooltip. */
export function fullTime(ms: number): string {
  return full.format(ms);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
