import { useEffect, useRef } from "preact/hooks";
import {
  type ChatMessage,
  hasOlder,
  IS_BROWSER,
  loadingOlder,
  loadOlder,
  me,
  messages,
  room,
  seed,
  start,
} from "../lib/web/client/store.ts";

/** Props: the signed-in name and the newest page of the general chat. */
export interface MessageListProps {
  me: string;
  history: ChatMessage[];
  hasMore: boolean;
}

/** The room's messages: older pages on demand, new ones live. */
export default function MessageList(props: MessageListProps) {
  if (IS_BROWSER) seed(props.me, props.history, props.hasMore);
  const list = IS_BROWSER ? messages.value : props.history;
  const more = IS_BROWSER ? hasOlder.value : props.hasMore;
  const name = IS_BROWSER ? me.value : props.me;
  const box = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const firstId = useRef<number | undefined>(undefined);

  useEffect(() => start(), []);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const first = list[0]?.id;
    if (
      first !== firstId.current && firstId.current !== undefined &&
      !stick.current
    ) {
      // An older page was prepended: keep the reader where they were.
      el.scrollTop = el.scrollHeight -
        (el.dataset.fromBottom ? Number(el.dataset.fromBottom) : 0);
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
    firstId.current = first;
  }, [list]);

  const onScroll = (e: Event) => {
    const el = e.currentTarget as HTMLOListElement;
    const fromBottom = el.scrollHeight - el.scrollTop;
    el.dataset.fromBottom = String(fromBottom);
    stick.current = fromBottom - el.clientHeight < 40;
    if (el.scrollTop < 20) loadOlder();
  };

  const title = room.value === null ? "General chat" : `#${room.value}`;
  return (
    <section class="messages" aria-label="Conversation">
      <h2 class="room-title">{title}</h2>
      <ol
        class="message-list"
        ref={box}
        onScroll={onScroll}
        tabIndex={0}
        aria-live="polite"
      >
        {more && (
          <li class="older">
            <button
              type="button"
              onClick={loadOlder}
              disabled={loadingOlder.value}
            >
              {loadingOlder.value ? "Loading…" : "Load older messages"}
            </button>
          </li>
        )}
        {list.length === 0 && (
          <li class="empty">
            No messages yet. Say hello!
          </li>
        )}
        {list.map((m) => (
          <Item key={m.id} message={m} mine={m.sender === name} />
        ))}
      </ol>
    </section>
  );
}

function Item({ message, mine }: { message: ChatMessage; mine: boolean }) {
  const at = new Date(message.sentAt);
  return (
    <li class={mine ? "message mine" : "message"} data-id={message.id}>
      <div class="meta">
        <span class="sender">{message.sender}</span>
        <time dateTime={at.toISOString()} title={at.toLocaleString()}>
          {at.toISOString().slice(11, 16)}
        </time>
      </div>
      <p class="text">{message.text}</p>
    </li>
  );
}
