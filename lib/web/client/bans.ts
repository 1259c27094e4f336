/**
 * The Banned section of the members panel, for the owner of the channel on
 * screen: who is banned from it, and lifting a ban (the participant is told
 * and may ask for access again).
 *
 * @module
 */
import { signal } from "@preact/signals";
import { sameRoom } from "./messages.ts";
import { showNotice } from "./notices.ts";
import { FrameRefusal, request } from "./socket.ts";
import { room } from "./state.ts";

/** Who is banned from the channel on screen, in name order; null when the user does not own it. */
export const bans = signal<{ channel: string; names: string[] } | null>(null);

/** Asks for the bans of `channel`, which the user owns (null: none shown). */
export function loadBans(channel: string | null): void {
  if (channel === null) {
    bans.value = null;
    return;
  }
  request({ type: "bans", channel }).then((f) => {
    if (!sameRoom(f.channel, room.value)) return;
    bans.value = {
      channel: f.channel,
      names: f.items.map((r: { requester: string }) => r.requester),
    };
  }, () => {
    // Not (or no longer) the owner: there is nothing to show.
    bans.value = null;
  });
}

/** The owner lifts `name`'s ban from the channel on screen. */
export function unbanMember(name: string): void {
  const channel = room.value;
  if (channel === null) return;
  request({ type: "unban", channel, name }).then(() => {
    showNotice(`Lifted the ban on ${name} from #${channel}`);
    loadBans(channel);
  }, (error: FrameRefusal) => {
    showNotice(error.message, true);
    // Someone else may have lifted it already: show what is true now.
    loadBans(channel);
  });
}
