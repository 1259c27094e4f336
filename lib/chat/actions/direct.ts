/**
 * Direct messages between two participants: sending (with the flood, size
 * and storage rules of rooms, and blocks), and the sender's and
 * recipient's lists of conversations with unread counts. A message is
 * stored first, then published on BOTH participants' topics, so it reaches
 * every connection of each on every instance; the recipient's copy is also
 * a notice (`notices.ts`): missed live, it is summed up at their next login.
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";
import { userTopic } from "../model/topics.ts";
import type {
  Conversation,
  DirectMessage,
  ListPage,
  ListQuery,
} from "../model/types.ts";
import { nameKey } from "../ports/backend.ts";
import { noSuchParticipant } from "../rules/moderation_failures.ts";
import {
  EXISTING_NAME,
  validateMessageText,
  validateName,
} from "../rules/validation.ts";
import type { Hub, Member } from "../session/hub.ts";
import { storeNotice } from "./notices.ts";
import { unreadOf } from "./unread.ts";

/** A conversation with how many of its messages its owner has not read. */
export interface ConversationUnread extends Conversation {
  unread: number;
  /** How many of those mention them. */
  mentions: number;
}

/** Sends `text` from `member`'s participant to `to`; refused to a blocker. */
export async function sendDirect(
  hub: Hub,
  member: Member,
  message: { to: string; text: string },
): Promise<DirectMessage> {
  const sender = member.name;
  if (sender === null) throw new ChatError("unauthorized", "Log in first");
  const text = validateMessageText(message.text, {
    maxBytes: hub.limits.maxMessageBytes,
  });
  const to = validateName(message.to, EXISTING_NAME);
  if (nameKey(to) === nameKey(sender)) {
    throw new ChatError("invalid", "You cannot send yourself a direct message");
  }
  // Throttle before any storage work, so a flood costs the backend nothing.
  hub.admitMessage(member);
  const backend = hub.backend;
  const stored = await hub.guard("Message not sent", async () => {
    const [recipient, blocked, blocking] = await Promise.all([
      backend.getParticipant(to),
      backend.isBlocked(to, sender),
      backend.isBlocked(sender, to),
    ]);
    if (!recipient) throw noSuchParticipant(to);
    if (blocking) {
      throw new ChatError(
        "forbidden",
        `You block ${recipient.name}; unblock them first`,
      );
    }
    // Neutral on purpose: the sender must not learn they are blocked.
    if (blocked) {
      throw new ChatError("forbidden", `Message not sent to ${recipient.name}`);
    }
    return await backend.storeDirect({
      sender,
      recipient: recipient.name,
      sentAt: Date.now(),
      text,
    });
  });
  hub.metrics.count("messages_in", member.transport);
  const peer = { peer: stored.recipient };
  // Writing in a conversation means having read it up to there.
  hub.guard(
    "Read marker not saved",
    () => hub.readMarkers.markRead({ name: sender }, peer, stored.id),
  ).catch(() => {});
  const noticeId = await storeNotice(hub, stored.recipient, {
    type: "direct_unread",
    from: sender,
    count: 1,
  });
  await Promise.all([
    hub.publish(userTopic(stored.recipient), {
      type: "direct",
      message: stored,
      ...(noticeId === undefined ? {} : { noticeId }),
    }),
    hub.publish(userTopic(sender), { type: "direct", message: stored }),
  ]);
  return stored;
}

/**
 * The stored name of the participant `name` that `me` would talk to;
 * refused for themselves and for a name nobody has.
 */
export async function findPeer(
  hub: Hub,
  me: string,
  name: string,
): Promise<string> {
  const peer = validateName(name, EXISTING_NAME);
  if (nameKey(peer) === nameKey(me)) {
    throw new ChatError("invalid", "You cannot talk to yourself");
  }
  const found = await hub.guard(
    "Conversation unavailable",
    () => hub.backend.getParticipant(peer),
  );
  if (!found) throw noSuchParticipant(peer);
  return found.name;
}

/**
 * A page of `who`'s conversations, each with its unread count and
 * mentions, counted as rooms are (`unread.ts`).
 */
export async function conversationsOf(
  hub: Hub,
  who: string,
  query?: ListQuery,
): Promise<ListPage<ConversationUnread>> {
  const backend = hub.backend;
  return await hub.guard("Conversations unavailable", async () => {
    const page = await backend.listConversations(who, query);
    const items = await Promise.all(page.items.map(async (c) => {
      const where = { room: { peer: c.peer }, lastId: c.lastId };
      const { count, mentions } = await unreadOf(backend, who, where);
      return { ...c, unread: count, mentions };
    }));
    return { items, ...(page.next ? { next: page.next } : {}) };
  });
}
