import { useState } from "preact/hooks";
import {
  type ChannelInfo,
  channels,
  enterRoom,
  room,
  send,
} from "../lib/web/client/store.ts";
import { sameRoom } from "../lib/web/client/messages.ts";

/** The rooms: the general chat, channels to enter or ask for, and a create form. */
export default function ChannelList() {
  const [name, setName] = useState("");
  const onCreate = (e: Event) => {
    e.preventDefault();
    if (name.trim() && send({ type: "create_channel", channel: name.trim() })) {
      setName("");
    }
  };
  return (
    <nav class="panel channels" aria-label="Rooms">
      <h2>Rooms</h2>
      <ul>
        <li>
          <RoomButton label="General chat" channel={null} />
        </li>
        {channels.value === null && <li class="muted">Loading…</li>}
        {channels.value?.map((c) => (
          <li key={c.name}>
            <ChannelItem channel={c} />
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={onCreate}>
        <label for="new-channel">New channel</label>
        <div class="row">
          <input
            id="new-channel"
            value={name}
            maxLength={32}
            placeholder="name"
            onInput={(e) =>
              setName((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit">Create</button>
        </div>
      </form>
    </nav>
  );
}

function ChannelItem({ channel }: { channel: ChannelInfo }) {
  if (channel.access === "owner" || channel.access === "member") {
    return (
      <RoomButton
        label={`#${channel.name}`}
        channel={channel.name}
        owner={channel.owner}
      />
    );
  }
  return (
    <div class="room locked">
      <span class="room-name">#{channel.name}</span>
      {channel.access === "pending"
        ? <span class="badge">requested</span>
        : (
          <button
            type="button"
            class="small"
            aria-label={`Request access to #${channel.name}`}
            onClick={() =>
              send({ type: "request_access", channel: channel.name })}
          >
            Request access
          </button>
        )}
    </div>
  );
}

function RoomButton(
  props: { label: string; channel: string | null; owner?: string },
) {
  const current = sameRoom(props.channel, room.value);
  return (
    <button
      type="button"
      class={current ? "room current" : "room"}
      aria-current={current ? "page" : undefined}
      onClick={() => enterRoom(props.channel)}
    >
      <span class="room-name">{props.label}</span>
      {props.owner && <span class="muted small-text">{props.owner}</span>}
    </button>
  );
}
