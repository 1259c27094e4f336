/**
 * The frames of moderation and direct messages, and the user's actions on
 * them: a direct message arriving (shown, counted, listed), the list of
 * conversations with their unread counts, blocks, the notices of what was
 * done to the user (removed, banned, unbanned, handed a channel), and a
 * channel changing hands.
 *
 * @module
 */
import { batch } from "@preact/signals";
import { mergeMessages, sameRoom } from "./messages.ts";
import { showNotice } from "./notices.ts";
import { FrameRefusal, request, send } from "./socket.ts";
import { channels, me, messages, requests, room } from "./state.ts";
import { clearUnread, countArrival, setDirectUnread } from "./unread.ts";
import {
  blocked,
  conversations,
  directMessage,
  directRoom,
  noteConversation,
  sortConversations,
} from "./direct.ts";
import { loadMembers, markMember } from "./members.ts";

/** Asks for what the sidebar shows of direct messages: conversations and blocks. */
export function loadDirect(): void {
  send({ type: "conversations" });
  send({ type: "blocks" });
}

/** Blocks `name` (or lifts the block); a refusal becomes a notice. */
export function setBlock(name: string, block: boolean): void {
  request({ type: block ? "block" : "unblock", name }).then((f) => {
    showNotice(block ? `You block ${f.name}` : `You no longer block ${f.name}`);
  }, (error: FrameRefusal) => showNotice(error.message, true));
}

/** Handles a frame of this file's kind; false for any other frame. */
// deno-lint-ignore no-explicit-any
export function receiveSocial(f: any): boolean {
  switch (f.type) {
    case "direct":
      arrived(f);
      return true;
    case "conversations":
      batch(() => {
        conversations.value = sortConversations(
          // deno-lint-ignore no-explicit-any
          f.items.map(({ peer, lastId, lastAt }: any) => ({
            peer,
            lastId,
            lastAt,
          })),
        );
        setDirectUnread(
          // deno-lint-ignore no-explicit-any
          f.items.map((c: any) => ({
            room: directRoom(c.peer),
            count: c.unread,
            lastId: c.lastId,
          })),
        );
      });
      return true;
    case "blocks":
      // deno-lint-ignore no-explicit-any
      blocked.value = f.items.map((b: any) => b.name.toLowerCase());
      return true;
    case "blocked": {
      const key = f.name.toLowerCase();
      const rest = blocked.value.filter((n) => n !== key);
      blocked.value = f.blocked ? [...rest, key] : rest;
      return true;
    }
    case "access_lost":
      clearUnread(f.channel);
      send({ type: "channels" });
      if (f.reason !== "left") {
        showNotice(`${f.by} ${f.reason} you from #${f.channel}`, true);
      } else showNotice(`You left #${f.channel}`);
      return true;
    case "unbanned":
      showNotice(`${f.by} lifted your ban from #${f.channel}`);
      send({ type: "channels" });
      return true;
    case "owner_changed":
      showNotice(`${f.by} handed #${f.channel} to you`);
      send({ type: "channels" });
      // Its pending requests are the new owner's to decide now.
      send({ type: "requests" });
      if (sameRoom(f.channel, room.value)) loadMembers(room.value);
      return true;
    case "channel_updated":
      channelUpdated(f);
      return true;
    case "direct_unread":
      showNotice(
        `${f.count} new direct message${
          f.count === 1 ? "" : "s"
        } from ${f.from}`,
      );
      return true;
    case "presence":
      markMember(f.name, f.online);
      return false;
  }
  return false;
}

// A channel changed (the reply to the user's own `transfer` or
// `slow_mode`, or anyone's, sent to every socket): the sidebar learns the
// owner, and a previous owner stays a member, without owner controls.
function channelUpdated(f: { name: string; owner: string }): void {
  const list = channels.value;
  const old = list?.find((c) => sameRoom(c.name, f.name));
  if (!list || !old || old.owner === f.owner) return;
  const mine = f.owner.toLowerCase() === me.value.toLowerCase();
  const access = mine
    ? "owner"
    : old.access === "owner"
    ? "member"
    : old.access;
  channels.value = list.map((c) =>
    c === old ? { ...c, owner: f.owner, access } : c
  );
  if (old.access === "owner" && !mine) {
    // Its pending requests went to the new owner with it.
    requests.value = requests.value.filter((r) => !sameRoom(r.channel, f.name));
  }
  if (sameRoom(f.name, room.value)) loadMembers(room.value);
}

// deno-lint-ignore no-explicit-any
function arrived(f: any): void {
  const message = directMessage(f, me.value);
  const peer = message.channel!.slice(1);
  noteConversation({ peer, lastId: f.id, lastAt: f.sentAt });
  countArrival(message);
  if (sameRoom(message.channel, room.value)) {
    messages.value = mergeMessages(messages.value, [message]);
  }
}
