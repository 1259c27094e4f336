import { useLayoutEffect, useRef, useState } from "preact/hooks";
import {
  bans,
  blocked,
  channels,
  hydrated,
  IS_BROWSER,
  leaveChannel,
  me,
  members,
  peerOf,
  type Person,
  removeMember,
  room,
  setBlock,
} from "../lib/web/client/store.ts";
import { sameRoom } from "../lib/web/client/messages.ts";
import { BannedList } from "./(_parts)/BannedList.tsx";
import { HandOverConfirm } from "./(_parts)/HandOverConfirm.tsx";

/** Props: the room the page was rendered for. */
export interface RoomPanelProps {
  room: string | null;
}

/**
 * What can be done in the room on screen: in a channel, its members with
 * online marks (Remove, Ban and Make owner for its owner, who also sees
 * who is banned, with Unban; Leave for a member); in a conversation,
 * blocking the other participant.
 */
export default function RoomPanel(props: RoomPanelProps) {
  const here = IS_BROWSER && hydrated.value ? room.value : props.room;
  const peer = peerOf(here);
  if (peer !== null) return <Conversation peer={peer} />;
  const list = members.value;
  if (here === null || !list || !sameRoom(list.channel, here)) {
    return <div class="panel members empty" />;
  }
  return <ChannelMembers key={list.channel} list={list} />;
}

// How long after an action its vanished button's focus is caught.
const LANDING_MS = 10_000;

function ChannelMembers(
  { list }: { list: { channel: string; owner: Person; items: Person[] } },
) {
  const channel = list.channel;
  // The member the owner is asked to confirm handing the channel to.
  const [asked, setAsked] = useState<string | null>(null);
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const landing = useRef(0);
  const backTo = useRef<string | null>(null);
  // A keyboard user whose button went away with its row (removed, banned,
  // unbanned, handed over) lands on the panel's heading, not the page top.
  useLayoutEffect(() => {
    const lost = !document.activeElement ||
      document.activeElement === document.body;
    if (lost && Date.now() - landing.current < LANDING_MS) {
      landing.current = 0;
      heading.current?.focus();
    }
    if (backTo.current !== null) {
      const name = backTo.current;
      backTo.current = null;
      panel.current?.querySelector<HTMLElement>(
        `[data-hand-over="${CSS.escape(name)}"]`,
      )?.focus();
    }
  });
  const act = () => landing.current = Date.now();
  const access = channels.value?.find((c) => sameRoom(c.name, channel))
    ?.access;
  const owner = list.owner.name.toLowerCase() === me.value.toLowerCase();
  const banned = owner && bans.value && sameRoom(bans.value.channel, channel)
    ? bans.value.names
    : [];
  // No question once its member is gone (removed meanwhile) or the user no
  // longer owns the channel.
  const target = owner && list.items.some((p) => p.name === asked)
    ? asked
    : null;
  return (
    <section
      ref={panel}
      class="panel members"
      aria-labelledby="members-title"
    >
      <h2 id="members-title" ref={heading} tabIndex={-1}>
        Members of #{channel}
      </h2>
      <ul>
        <Member person={list.owner} note="owner" />
        {list.items.map((p) => [
          <Member key={p.name} person={p}>
            {owner && (
              <span class="row">
                <button
                  type="button"
                  class="small"
                  aria-label={`Remove ${p.name} from #${channel}`}
                  onClick={() => {
                    act();
                    removeMember(p.name);
                  }}
                >
                  Remove
                </button>
                <button
                  type="button"
                  class="small"
                  aria-label={`Ban ${p.name} from #${channel}`}
                  onClick={() => {
                    act();
                    removeMember(p.name, true);
                  }}
                >
                  Ban
                </button>
                <button
                  type="button"
                  class="small"
                  data-hand-over={p.name}
                  aria-label={`Make owner of #${channel}: ${p.name}`}
                  aria-expanded={target === p.name}
                  aria-controls={target === p.name
                    ? "handover-confirm"
                    : undefined}
                  onClick={() => setAsked(p.name)}
                >
                  Make owner
                </button>
              </span>
            )}
          </Member>,
          target === p.name && (
            <li key={`${p.name}/confirm`}>
              <HandOverConfirm
                channel={channel}
                name={p.name}
                onCancel={() => {
                  backTo.current = p.name;
                  setAsked(null);
                }}
                onDone={() => {
                  act();
                  setAsked(null);
                }}
              />
            </li>
          ),
        ])}
      </ul>
      {owner && <BannedList channel={channel} names={banned} onAct={act} />}
      {access === "member" && (
        <p class="actions">
          <button type="button" class="small" onClick={leaveChannel}>
            Leave #{channel}
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
        {props.note ? <span class="muted">{` (${props.note})`}</span> : null}
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
