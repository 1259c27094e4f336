import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import {
  type ChatMessage,
  hasOlder,
  hydrated,
  IS_BROWSER,
  loadingOlder,
  loadOlder,
  type Locked,
  locked,
  me,
  messages,
  peerOf,
  pending,
  room,
  seed,
  start,
  status,
} from "../lib/web/client/store.ts";
import { layoutRows, sameRoom } from "../lib/web/client/messages.ts";
import { dayOf } from "../lib/web/client/time.ts";
import { DayRow, MessageRow, PendingRow } from "./(_parts)/MessageRow.tsx";
import { LockedRoom } from "./(_parts)/LockedRoom.tsx";

/** Props: the signed-in name and the room the page was rendered for. */
export interface MessageListProps {
  me: string;
  room: string | null;
  /** Set when the URL named a channel the user may not read. */
  locked: Locked | null;
  history: ChatMessage[];
  hasMore: boolean;
}

/** The room's messages: older pages on demand, new ones live. */
export default function MessageList(props: MessageListProps) {
  if (IS_BROWSER) seed(props);
  const list = IS_BROWSER ? messages.value : props.history;
  const more = IS_BROWSER ? hasOlder.value : props.hasMore;
  const name = IS_BROWSER ? me.value : props.me;
  const here = IS_BROWSER ? room.value : props.room;
  const shut = IS_BROWSER ? locked.value : props.locked;
  // Until every island is hydrated, render what the server rendered.
  const local = IS_BROWSER && hydrated.value;
  const mine = local
    ? pending.value.filter((p) => sameRoom(p.channel, here))
    : [];
  const box = useRef<HTMLOListElement>(null);
  const olderButton = useRef<HTMLButtonElement>(null);
  const stick = useRef(true);
  const olderHadFocus = useRef(false);
  const seen = useRef({
    room: here,
    first: list[0]?.id,
    last: list.at(-1)?.id,
    sent: 0,
  });
  const [fresh, setFresh] = useState(0);

  useEffect(() => start(), []);
  // Before paint, so the reader never sees the list jump.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const was = seen.current;
    const first = list[0]?.id;
    const last = list.at(-1)?.id;
    const sent = mine.length;
    // Another room, or an own message: show the newest.
    if (sent > was.sent || !sameRoom(here, was.room)) {
      stick.current = true;
      setFresh(0);
    }
    if (first !== was.first && was.first !== undefined && !stick.current) {
      // An older page came in above: keep the reader where they were.
      el.scrollTop = el.scrollHeight - Number(el.dataset.fromBottom ?? 0);
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    } else if (last !== was.last && last !== undefined) {
      setFresh((n) => n + list.filter((m) => m.id > (was.last ?? 0)).length);
    }
    // The button is gone (nothing older): focus stays in the list.
    const lost = !document.activeElement ||
      document.activeElement === document.body;
    if (olderHadFocus.current && !olderButton.current && lost) el.focus();
    if (!olderButton.current) olderHadFocus.current = false;
    seen.current = { room: here, first, last, sent };
  });

  const onScroll = () => {
    const el = box.current!;
    const fromBottom = el.scrollHeight - el.scrollTop;
    el.dataset.fromBottom = String(fromBottom);
    stick.current = fromBottom - el.clientHeight < 40;
    if (stick.current) setFresh(0);
    // Scrolling to the top loads more; focusing the button also scrolls
    // there, but a keyboard user loads with Enter, one page at a time.
    if (el.scrollTop < 20 && document.activeElement !== olderButton.current) {
      loadOlder();
    }
  };
  const toEnd = () => {
    const el = box.current!;
    stick.current = true;
    setFresh(0);
    el.scrollTop = el.scrollHeight;
    el.focus();
  };

  const peer = peerOf(here);
  const title = shut
    ? (shut.channel.startsWith("@") ? shut.channel : `#${shut.channel}`)
    : here === null
    ? "General chat"
    : peer !== null
    ? `Direct messages with ${peer}`
    : `#${here}`;
  const rows = layoutRows(list, local ? dayOf : () => "");
  return (
    <section class="messages" aria-labelledby="room-title">
      <h1 class="room-title" id="room-title">{title}</h1>
      {shut ? <LockedRoom locked={shut} /> : (
        <ol
          class="message-list"
          ref={box}
          onScroll={onScroll}
          tabIndex={0}
          aria-label={`Messages in ${title}`}
          aria-live="polite"
        >
          {more && (
            <li class="older" key="older">
              <button
                type="button"
                ref={olderButton}
                onClick={loadOlder}
                onFocus={() => (olderHadFocus.current = true)}
                onBlur={(e) => {
                  // Removal blurs with no target: that focus is restored.
                  if (e.relatedTarget) olderHadFocus.current = false;
                }}
                aria-disabled={loadingOlder.value ? "true" : undefined}
              >
                {loadingOlder.value ? "Loading…" : "Load older messages"}
              </button>
            </li>
          )}
          {list.length === 0 && mine.length === 0 && (
            <li class="empty" key="empty">No messages yet. Say hello!</li>
          )}
          {rows.flatMap((row) => [
            ...(row.day && local
              ? [<DayRow key={`day-${row.day}`} at={row.message.sentAt} />]
              : []),
            <MessageRow
              key={row.message.id}
              row={row}
              me={name}
              local={local}
            />,
          ])}
          {mine.map((item) => (
            <PendingRow
              key={item.key}
              item={item}
              online={status.value === "connected"}
            />
          ))}
        </ol>
      )}
      {fresh > 0 && !shut && (
        <button type="button" class="new-below" onClick={toEnd}>
          {fresh === 1 ? "1 new message" : `${fresh} new messages`} ↓
        </button>
      )}
    </section>
  );
}
