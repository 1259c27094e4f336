import {
  conversations,
  directRoom,
  enterRoom,
  hydrated,
  IS_BROWSER,
  room,
  unread,
} from "../lib/web/client/store.ts";
import { roomKey, sameRoom } from "../lib/web/client/messages.ts";
import { roomPath } from "../lib/web/client/nav.ts";

/** Props: the room the page was rendered for (`@name` for a conversation). */
export interface DirectListProps {
  room: string | null;
}

/**
 * The user's direct conversations, most recent first, each with its unread
 * count; a conversation starts from the People list ("Message").
 */
export default function DirectList(props: DirectListProps) {
  // Until every island is hydrated, render what the server rendered.
  const here = IS_BROWSER && hydrated.value ? room.value : props.room;
  const list = conversations.value;
  return (
    <nav class="panel directs" aria-labelledby="directs-title">
      <h2 id="directs-title">Direct messages</h2>
      <ul>
        {list === null && <li class="muted">Loading…</li>}
        {list?.length === 0 && (
          <li class="muted">None yet: “Message” someone under People</li>
        )}
        {list?.map((c) => {
          const target = directRoom(c.peer);
          const current = sameRoom(target, here);
          const count = unread.value[roomKey(target)]?.count;
          return (
            <li key={c.peer}>
              <a
                href={roomPath(target)}
                class={current ? "room current" : "room"}
                aria-current={current ? "page" : undefined}
                title={`Direct messages with ${c.peer}`}
                onClick={(e) => {
                  if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) {
                    return;
                  }
                  e.preventDefault();
                  enterRoom(target);
                }}
              >
                <span class="room-name">{c.peer}</span>
                {count
                  ? (
                    <span class="unread-count">
                      {count}
                      <span class="visually-hidden">unread</span>
                    </span>
                  )
                  : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
