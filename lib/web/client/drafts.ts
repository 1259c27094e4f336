/**
 * The composer's text per room, kept across room switches, reloads and a
 * trip to the login page, and the composer's last refusal.
 *
 * @module
 */
import { signal } from "@preact/signals";
import { roomKey } from "./messages.ts";
import { loadDraft, saveDraft } from "./persist.ts";
import { me } from "./state.ts";

/** Why the composer's text was handed back, for the room it belongs to. */
export const composerError = signal<
  { channel: string | null; message: string } | null
>(null);

const texts = signal<Record<string, string>>({});

/** Drafts by room (null: the general chat); reading one subscribes to it. */
export const drafts = {
  /** The draft of `channel`'s composer. */
  get(channel: string | null): string {
    return texts.value[roomKey(channel)] ?? loadDraft(me.value, channel);
  },
  /** Replaces the draft of `channel`'s composer. */
  set(channel: string | null, text: string): void {
    texts.value = { ...texts.value, [roomKey(channel)]: text };
    saveDraft(me.value, channel, text);
  },
};
