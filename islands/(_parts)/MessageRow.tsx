import type { Pending } from "../../lib/web/client/state.ts";
import type { Row } from "../../lib/web/client/messages.ts";
import { pieces } from "../../lib/web/client/text.ts";
import { clockTime, dayLabel, fullTime } from "../../lib/web/client/time.ts";

/** Props of `MessageRow`. */
export interface MessageRowProps {
  row: Row;
  /** The signed-in name. */
  me: string;
  /** Whether local times can be shown yet (after hydration). */
  local: boolean;
}

/** One message: who and when (local time, full date as tooltip), then its text. */
export function MessageRow({ row, me, local }: MessageRowProps) {
  const m = row.message;
  const key = me.toLowerCase();
  const parts = pieces(m.text);
  const mine = m.sender.toLowerCase() === key;
  const mentioned = !mine &&
    parts.some((p) => p.kind === "mention" && p.name.toLowerCase() === key);
  const at = new Date(m.sentAt);
  const cls = ["message", mine && "mine", mentioned && "mentioned"]
    .concat(row.grouped ? "grouped" : []).filter(Boolean).join(" ");
  return (
    <li
      class={cls}
      data-id={m.id}
      title={row.grouped && local ? fullTime(m.sentAt) : undefined}
    >
      <div class="meta">
        <span class="sender">{m.sender}</span>
        <time
          dateTime={at.toISOString()}
          title={local ? fullTime(m.sentAt) : undefined}
        >
          {local ? clockTime(m.sentAt) : ""}
        </time>
      </div>
      <p class="text" dir="auto">
        {parts.map((p, i) =>
          p.kind === "link"
            ? (
              <a
                key={i}
                href={p.text}
                target="_blank"
                rel="noopener noreferrer"
              >
                {p.text}
              </a>
            )
            : p.kind === "mention"
            ? (
              <span
                key={i}
                class={p.name.toLowerCase() === key ? "at at-me" : "at"}
              >
                {p.text}
              </span>
            )
            : p.text
        )}
      </p>
    </li>
  );
}

/** The separator before a day's first message: "Today", "Yesterday" or the date. */
export function DayRow({ at }: { at: number }) {
  return (
    <li class="day">
      <span>{dayLabel(at)}</span>
    </li>
  );
}

/** A message typed here that the server has not stored yet. */
export function PendingRow(
  { item, online }: { item: Pending; online: boolean },
) {
  return (
    <li class="message mine pending" data-pending={item.key}>
      <p class="text" dir="auto">{item.text}</p>
      <p class="pending-state">
        {item.waiting
          ? `Waiting to send: ${item.waiting}`
          : online
          ? "Sending…"
          : "Waiting for the connection"}
      </p>
    </li>
  );
}
