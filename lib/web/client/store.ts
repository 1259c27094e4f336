/**
 * The islands' door to the chat: seeding from server-rendered props, the
 * actions a user takes, and the handling of every server frame, all over
 * the one socket (`socket.ts`) and the shared signals (`state.ts`, Fresh's
 * "sharing state between islands" recipe).
 *
 * @module
 */
import { batch } from "@preact/signals";
import { type ChatMessage, mergeMessages, sameRoom } from "./messages.ts";
import { followHistory, showRoomUrl } from "./nav.ts";
import { clearNotice, showNotice } from "./notices.ts";
import { loadPending } from "./persist.ts";
import { flushPending } from "./pending.ts";
import { connect, FrameRefusal, request, send } from "./socket.ts";
import {
  type ChannelInfo,
  channels,
  drawerOpen,
  hasOlder,
  loadingOlder,
  type Locked,
  locked,
  me,
  messages,
  participants,
  pending,
  type RequestInfo,
  requests,
  room,
  status,
} from "./state.ts";
import {
  clearUnread,
  countArrival,
  readUpTo,
  setUnread,
  showUnreadInTitle,
} from "./unread.ts";
import {
  directMessage,
  enterFrame,
  historyFrame,
  roomOfFrame,
} from "./direct.ts";
import { loadMembers } from "./members.ts";
import { loadDirect, receiveSocial } from "./social.ts";

export type { ChatMessage } from "./messages.ts";
export * from "./state.ts";
export { FrameRefusal, reconnect } from "./socket.ts";
export {
  blocked,
  type ConversationInfo,
  conversations,
  directRoom,
  isBlocked,
  peerOf,
} from "./direct.ts";
export {
  handOver,
  leaveChannel,
  members,
  type Person,
  removeMember,
} from "./members.ts";
export { bans, unbanMember } from "./bans.ts";
export { setBlock } from "./social.ts";

const PAGE = 50;
let seeded = false;

/** What the chat page rendered, for `seed`. */
export interface Seed {
  me: string;
  room: string | null;
  locked: Locked | null;
  history: ChatMessage[];
  hasMore: boolean;
}

/** Seeds the store from server-rendered props; later calls do nothing. */
export function seed(props: Seed): void {
  if (seeded) return;
  seeded = true;
  batch(() => {
    me.value = props.me;
    room.value = props.room;
    locked.value = props.locked;
    messages.value = props.history;
    hasOlder.value = props.hasMore;
    pending.value = loadPending(props.me);
  });
}

/** Opens the socket and follows the address bar, once per page. */
export function start(): void {
  connect(receive);
  followHistory(enterRoom);
  showUnreadInTitle();
}

/**
 * Goes to another room (null: the general chat; `@name`: the conversation
 * with name); its URL follows.
 */
export function enterRoom(channel: string | null): void {
  drawerOpen.value = false;
  if (locked.value) {
    if (sameRoom(channel, locked.value.channel)) return;
    locked.value = null;
    if (sameRoom(channel, room.value)) {
      send({ type: "read" });
      return showRoomUrl(channel);
    }
  }
  if (sameRoom(channel, room.value)) return;
  request(enterFrame(channel))
    .catch((error: FrameRefusal) => {
      if (error.code === "forbidden" || error.code === "not_found") {
        locked.value = { channel: channel!, reason: error.code };
        showRoomUrl(channel);
      } else showNotice(error.message, true);
    });
}

/** Asks for the page of messages before the first loaded one. */
export function loadOlder(): void {
  const first = messages.value[0];
  if (!first || loadingOlder.value || !hasOlder.value) return;
  const frame = historyFrame(room.value, { before: first.id, limit: PAGE });
  if (send(frame)) loadingOlder.value = true;
}

/** Creates a channel (and enters it); rejects with the server's refusal. */
export async function createChannel(name: string): Promise<void> {
  await request({ type: "create_channel", channel: name });
}

/** Asks a channel's owner for access; a refusal becomes a notice. */
export function requestAccess(channel: string): void {
  request({ type: "request_access", channel }).catch(refusedNotice);
}

/** Grants or denies a pending request as the channel's owner. */
export function decide(grant: boolean, r: RequestInfo): void {
  request({
    type: grant ? "grant" : "deny",
    channel: r.channel,
    name: r.requester,
  }).catch(refusedNotice);
}

function refusedNotice(error: FrameRefusal): void {
  showNotice(error.message, true);
}

// After every (re)connect: the server put us in the general chat, so go
// back to the room on screen, fetch whatever was missed, and send what
// waited for the connection.
function resync(): void {
  status.value = "connected";
  clearNotice();
  send({ type: "channels" });
  send({ type: "who" });
  send({ type: "requests" });
  send({ type: "unread" });
  loadDirect();
  if (room.value !== null) send(enterFrame(room.value));
  loadMembers(room.value);
  catchUp();
  // A room opened by URL that the user may not read is not "read" here.
  if (!locked.value) send({ type: "read" });
  flushPending();
}

function catchUp(): void {
  const last = messages.value.at(-1);
  send(
    historyFrame(
      room.value,
      last ? { after: last.id, limit: 200 } : { limit: PAGE },
    ),
  );
}

// deno-lint-ignore no-explicit-any
function receive(f: any): void {
  switch (f.type) {
    case "hello":
      me.value = f.name;
      return resync();
    case "message":
      countArrival(f);
      if (sameRoom(f.channel, room.value)) {
        messages.value = mergeMessages(messages.value, [f]);
      }
      return;
    case "history": {
      const where = roomOfFrame(f);
      if (!sameRoom(where, room.value)) return;
      const page = f.dm === undefined ? f.messages : f.messages.map(
        // deno-lint-ignore no-explicit-any
        (m: any) => directMessage(m, me.value),
      );
      messages.value = mergeMessages(messages.value, page);
      if (f.after !== undefined && f.hasMore) catchUp();
      if (f.after === undefined) {
        hasOlder.value = f.hasMore;
        loadingOlder.value = false;
      }
      return;
    }
    case "room":
      return switchedTo(roomOfFrame(f));
    case "read":
      return readUpTo(roomOfFrame(f), f.id);
    case "presence":
      receiveSocial(f);
      return markPresence(f.name, f.online);
    case "join_request":
      if (!requests.value.some((r) => sameRequest(r, f))) {
        requests.value = [...requests.value, {
          channel: f.channel,
          requester: f.requester,
        }];
      }
      return;
    case "access_changed": {
      const granted = f.state === "granted";
      showNotice(
        granted
          ? `You may now use #${f.channel}`
          : `Your request to join #${f.channel} was denied`,
        !granted,
      );
      send({ type: "channels" });
      if (granted && sameRoom(f.channel, locked.value?.channel ?? null)) {
        locked.value = null;
        enterRoom(f.channel);
      }
      return;
    }
    case "request":
      requests.value = requests.value.filter((r) => !sameRequest(r, f));
      // Removals, bans and leaving are told by their own notices.
      if (["pending", "granted", "denied"].includes(f.state)) {
        showNotice(
          f.state === "pending"
            ? `Asked the owner for access to #${f.channel}`
            : `${f.requester} was ${f.state} access to #${f.channel}`,
        );
      }
      if (sameRoom(f.channel, room.value)) loadMembers(room.value);
      return void send({ type: "channels" });
    case "channel_created":
      showNotice(`Created #${f.name}`);
      return enterRoom(f.name);
    case "channel_added":
      return addChannel(f);
    case "channels":
      channels.value = f.items;
      return;
    case "participants":
      participants.value = f.items;
      return;
    case "requests":
      requests.value = f.items.map((r: RequestInfo) => ({
        channel: r.channel,
        requester: r.requester,
      }));
      return;
    case "unread":
      return setUnread(f.items);
    case "system":
      // A channel's notices (someone left, was removed, a new owner).
      if (room.value !== null) loadMembers(room.value);
      return showNotice(f.text);
    case "error":
      loadingOlder.value = false;
      if (f.code === "unauthorized") return signedOut();
      return showNotice(f.message, true);
    default:
      receiveSocial(f);
  }
}

function switchedTo(channel: string | null): void {
  clearUnread(channel);
  if (sameRoom(channel, room.value)) {
    // The server's spelling of the name.
    room.value = channel;
    return;
  }
  batch(() => {
    locked.value = null;
    room.value = channel;
    messages.value = [];
    hasOlder.value = false;
  });
  showRoomUrl(channel);
  catchUp();
  send({ type: "read" });
  loadMembers(channel);
  flushPending();
}

// A new channel appears for everyone at once, its creator as its owner.
function addChannel(c: { name: string; owner: string }): void {
  const list = channels.value ?? [];
  if (list.some((x) => sameRoom(x.name, c.name))) return;
  const owner = c.owner.toLowerCase() === me.value.toLowerCase();
  const added: ChannelInfo = {
    name: c.name,
    owner: c.owner,
    access: owner ? "owner" : "none",
  };
  channels.value = [...list, added].sort((a, b) =>
    a.name.localeCompare(b.name)
  );
}

// The sign-in was refused (a restart with a new key, an expired or revoked
// session): log in again, then come back to this room. Drafts and pending
// messages are kept in this tab's storage meanwhile.
function signedOut(): void {
  status.value = "signed_out";
  const next = encodeURIComponent(location.pathname);
  location.assign(`/login?reason=session&next=${next}`);
}

function markPresence(name: string, online: boolean): void {
  const list = participants.value ?? [];
  const known = list.some((p) => p.name === name);
  participants.value = known
    ? list.map((p) => p.name === name ? { name, online } : p)
    : [...list, { name, online }];
}

function sameRequest(a: RequestInfo, b: RequestInfo): boolean {
  return sameRoom(a.channel, b.channel) &&
    a.requester.toLowerCase() === b.requester.toLowerCase();
}
