import {
  blocked,
  channels,
  hydrated,
  IS_BROWSER,
  leaveChannel,
  me,
  members,
  peerOf,
  removeMember,
  room,
  setBlock,
} from "../lib/web/client/store.ts";
import { sameRoom } from "../lib/web/client/messages.ts";

/** Props: the room the page was rendered for. */
export interface RoomPanelProps {
  room: string | null;
}

/**
 * What can be done in the room on screen: in a channel, its members with
 * online marks (Remove and Ban for its owner, Leave for a member); in a
 * conversation, blocking the other participant.
 */
export default function RoomPanel(props: RoomPanelProps) {
  const here = IS_BROWSER && hydrated.value ? room.value : props.room;
  const peer = peerOf(here);
  if (peer !== null) return <Conversation peer={peer} />;
  const list = members.value;
  if (here === null || !list || !sameRoom(list.channel, here)) {
    return <div class="panel members empty" />;
  }
  const access = channels.value?.find((c) => sameRoom(c.name, here))?.access;
  const owner = list.owner.name.toLowerCase() === me.value.toLowerCase();
  return (
    <section class="panel members" aria-labelledby="members-title">
      <h2 id="members-title">Members of #{list.channel}</h2>
      <ul>
        <Member person={list.owner} note="owner" />
        {list.items.map((p) => (
          <Member key={p.name} person={p}>
            {owner && (
              <span class="row">
                <button
                  type="button"
                  class="small"
                  aria-label={`Remove ${p.name} from #${list.channel}`}
                  onClick={() => removeMember(p.name)}
                >
                  Remove
                </button>
                <button
                  type="button"
                  class="small"
                  aria-label={`Ban ${p.name} from #${list.channel}`}
                  onClick={() => removeMember(p.name, true)}
                >
                  Ban
                </button>
              </span>
            )}
          </Member>
        ))}
      </ul>
      {access === "member" && (
        <p class="actions">
          <button type="button" class="small" onClick={leaveChannel}>
            Leave #{list.channel}
          </button>
        </p>
      )}
    </section>
  );
}

function Member(
  props: {
    person: { name: string; online: boolean };
    note?: string;
    children?: preact.ComponentChildren;
  },
) {
  const { name, online } = props.person;
  return (
    <li class={online ? "person online" : "person"} title={name}>
      <span class="dot" aria-hidden="true" />
      <span class="person-name">
        {name}
        {props.note ? <span class="muted">({props.note})</span> : null}
      </span>
      <span class="visually-hidden">{online ? "online" : "offline"}</span>
      {props.children}
    </li>
  );
}

function Conversation({ peer }: { peer: string }) {
  const blocking = blocked.value.includes(peer.toLowerCase());
  return (
    <section class="panel members" aria-labelledby="conversation-title">
      <h2 id="conversation-title">Conversation with {peer}</h2>
      <p class="muted small-text">
        {blocking
          ? `You block ${peer}: their messages are refused.`
          : `Only you and ${peer} can read it.`}
      </p>
      <p class="actions">
        <button
          type="button"
          class="small"
          onClick={() => setBlock(peer, !blocking)}
        >
          {blocking ? `Unblock ${peer}` : `Block ${peer}`}
        </button>
      </p>
    </section>
  );
}
