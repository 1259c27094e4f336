/**
 * Saying something in a room (the general chat or a channel): validated,
 * flood-controlled and slow-mode-checked before any storage work, stored
 * (the backend numbers it), then published to the room. Nothing is
 * reported sent that was not stored.
 *
 * @module
 */
import { roomTopic } from "../model/topics.ts";
import type { Message } from "../model/types.ts";
import { validateMessageText } from "../rules/validation.ts";
import type { Hub, Member } from "../session/hub.ts";

/** A line for a room, and what to check once the sender may send. */
export interface RoomLine {
  /** The channel, or null for the general chat. */
  channel: string | null;
  text: string;
  /** Runs after flood control, before storage (a membership re-check). */
  confirm?: () => Promise<void>;
}

/** Stores `member`'s line in its room, then broadcasts it. */
export async function sayInRoom(
  hub: Hub,
  member: Member,
  line: RoomLine,
): Promise<Message> {
  const sender = member.name!;
  const { channel } = line;
  const text = validateMessageText(line.text, {
    maxBytes: hub.limits.maxMessageBytes,
  });
  // Throttle before any storage work, so a flood costs the backend nothing.
  hub.admitMessage(member);
  await line.confirm?.();
  // Slow mode reads a cached setting, so most sends cost no extra read.
  const undo = channel === null
    ? undefined
    : await hub.slowMode.admit(channel, sender);
  const message = await hub.guard(
    "Message not sent",
    () =>
      hub.backend.storeMessage({ sender, sentAt: Date.now(), text, channel }),
  ).catch((error) => {
    // An unsent message does not use up the sender's slow-mode turn.
    undo?.();
    throw error;
  });
  hub.metrics.count("messages_in", member.transport);
  await hub.publish(roomTopic(channel), { type: "message", message });
  return message;
}
