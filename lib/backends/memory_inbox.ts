/**
 * Notice inboxes in the in-memory backend: per participant, the notices
 * not yet acknowledged, oldest first, and the last id given out.
 *
 * @module
 */
import {
  nameKey,
  type Notice,
  type NoticePage,
  pageLimit,
  type StoredNotice,
} from "../chat/mod.ts";

interface Inbox {
  last: number;
  notices: StoredNotice[];
}

/** Every participant's inbox. */
export class MemoryInbox {
  #inboxes = new Map<string, Inbox>();

  pushNotice(name: string, notice: Notice): number {
    let inbox = this.#inboxes.get(nameKey(name));
    if (!inbox) {
      this.#inboxes.set(nameKey(name), inbox = { last: 0, notices: [] });
    }
    const id = ++inbox.last;
    inbox.notices.push({ id, notice: structuredClone(notice) });
    return id;
  }

  listNotices(name: string, query: { limit?: number } = {}): NoticePage {
    const notices = this.#inboxes.get(nameKey(name))?.notices ?? [];
    const limit = pageLimit(query.limit);
    return {
      notices: structuredClone(notices.slice(0, limit)),
      hasMore: notices.length > limit,
    };
  }

  /** Removes these notices of `name`; returns the ids that were there. */
  ackNotices(name: string, ids: readonly number[]): number[] {
    const inbox = this.#inboxes.get(nameKey(name));
    if (!inbox) return [];
    const gone = new Set(ids);
    const claimed = inbox.notices.filter((n) => gone.has(n.id)).map((n) =>
      n.id
    );
    inbox.notices = inbox.notices.filter((n) => !gone.has(n.id));
    return claimed;
  }
}
