import {
  type ChannelInfo,
  channels,
  enterRoom,
  hydrated,
  IS_BROWSER,
  locked,
  requestAccess,
  room,
  unread,
} from "../lib/web/client/store.ts";
import { roomKey, sameRoom } from "../lib/web/client/messages.ts";
import { roomPath } from "../lib/web/client/nav.ts";

/** Props: the room the page was rendered for (none when it is locked). */
export interface RoomListProps {
  room: string | null;
  locked: boolean;
}

/** The rooms: the general chat and channels to enter (with unread counts) or ask for. */
export default function RoomList(props: RoomListProps) {
  // Until every island is hydrated, render what the server rendered.
  const live = IS_BROWSER && hydrated.value;
  const here = live ? room.value : props.room;
  const current = (live ? locked.value === null : !props.locked)
    ? here
    : undefined;
  return (
    <nav class="panel channels" aria-labelledby="rooms-title">
      <h2 id="rooms-title">Rooms</h2>
      <ul>
        <li>
          <RoomLink label="General chat" channel={null} current={current} />
        </li>
        {channels.value === null && <li class="muted">Loading…</li>}
        {channels.value?.map((c) => (
          <li key={c.name}>
            <ChannelItem channel={c} current={current} />
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ChannelItem(
  { channel, current }: { channel: ChannelInfo; current?: string | null },
) {
  const label = `#${channel.name}`;
  if (channel.access === "owner" || channel.access === "member") {
    return (
      <RoomLink
        label={label}
        channel={channel.name}
        owner={channel.owner}
        current={current}
      />
    );
  }
  return (
    <div class="room locked">
      <span class="room-name" title={label}>{label}</span>
      {channel.access === "pending"
        ? <span class="badge">requested</span>
        : channel.access === "banned"
        ? <span class="badge">banned</span>
        : (
          <button
            type="button"
            class="small"
            aria-label={`Request access to ${label}`}
            onClick={() => requestAccess(channel.name)}
          >
            Request access
          </button>
        )}
    </div>
  );
}

// A real link (its URL is the room's), so it can be opened in a new tab;
// a plain click switches rooms over the open socket instead.
function RoomLink(
  props: {
    label: string;
    channel: string | null;
    owner?: string;
    /** The room on screen; undefined when none is (a locked page). */
    current?: string | null;
  },
) {
  const current = props.current !== undefined &&
    sameRoom(props.channel, props.current);
  const counts = unread.value[roomKey(props.channel)];
  const described = props.owner
    ? `${props.label}, owned by ${props.owner}`
    : props.label;
  return (
    <a
      href={roomPath(props.channel)}
      class={current ? "room current" : "room"}
      aria-current={current ? "page" : undefined}
      title={described}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        enterRoom(props.channel);
      }}
    >
      <span class="room-name">{props.label}</span>
      {counts?.mentions
        ? (
          <span class="mention-count">
            @{counts.mentions}
            <span class="visually-hidden">
              {counts.mentions === 1 ? " mention" : " mentions"}
            </span>
          </span>
        )
        : null}
      {counts && (
        <span class="unread-count">
          {counts.count}
          <span class="visually-hidden">unread</span>
        </span>
      )}
      {props.owner && <span class="owner muted small-text">{props.owner}</span>}
    </a>
  );
}
