/**
 * The members panel of the channel on screen: who is in it (online marks
 * kept live by presence), and what its owner and members may do there:
 * remove or ban a member, hand the channel over, or leave it for good. Its
 * owner also sees who is banned (`bans.ts`).
 *
 * @module
 */
import { signal } from "@preact/signals";
import { sameRoom } from "./messages.ts";
import { showNotice } from "./notices.ts";
import { FrameRefusal, request } from "./socket.ts";
import { me, room } from "./state.ts";
import { peerOf } from "./direct.ts";
import { bans, loadBans } from "./bans.ts";

/** Someone on a list, online or not. */
export interface Person {
  name: string;
  online: boolean;
}

/** The owner and members of the channel on screen; null when none is. */
export const members = signal<
  { channel: string; owner: Person; items: Person[] } | null
>(null);

/** Asks for the members of `channel` (null or a conversation: none). */
export function loadMembers(channel: string | null): void {
  if (channel === null || peerOf(channel) !== null) {
    members.value = null;
    bans.value = null;
    return;
  }
  request({ type: "members", channel }).then((f) => {
    if (!sameRoom(f.channel, room.value)) return;
    members.value = { channel: f.channel, owner: f.owner, items: f.items };
    // Only the owner may list bans; a new owner sees them at once.
    const owns = f.owner.name.toLowerCase() === me.value.toLowerCase();
    if (owns) loadBans(f.channel);
    else bans.value = null;
  }, () => {
    members.value = null;
    bans.value = null;
  });
}

/** Marks `name` online or not in the panel. */
export function markMember(name: string, online: boolean): void {
  const list = members.value;
  if (!list) return;
  const mark = (p: Person) => p.name === name ? { name, online } : p;
  members.value = {
    ...list,
    owner: mark(list.owner),
    items: list.items.map(mark),
  };
}

/** The owner removes (`ban`: and bans) `name` from the channel on screen. */
export function removeMember(name: string, ban = false): void {
  const channel = room.value;
  if (channel === null) return;
  request({ type: ban ? "ban" : "remove", channel, name }).then(() => {
    showNotice(`${ban ? "Banned" : "Removed"} ${name} from #${channel}`);
    loadMembers(channel);
  }, refused);
}

/**
 * The owner hands the channel on screen to its member `name`; resolves
 * true once the server took it (the `channel_updated` reply then updates
 * the sidebar and the panel), false when it was refused.
 */
export function handOver(name: string): Promise<boolean> {
  const channel = room.value;
  if (channel === null) return Promise.resolve(false);
  return request({ type: "transfer", channel, name }).then((f) => {
    showNotice(`You handed #${f.name} to ${f.owner}`);
    return true;
  }, (error: FrameRefusal) => {
    refused(error);
    return false;
  });
}

/** Gives up the user's access to the channel on screen. */
export function leaveChannel(): void {
  const channel = room.value;
  if (channel === null) return;
  // The server moves this page to the general chat and says so.
  request({ type: "part", channel }).catch(refused);
}

function refused(error: FrameRefusal): void {
  showNotice(error.message, true);
}
