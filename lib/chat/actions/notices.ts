/**
 * The one rule for notices, implemented once: a notice is stored in its
 * recipient's inbox, then published on their topic; the instance that
 * delivers it live acknowledges it (`session/user_events.ts`), and what is
 * still in the inbox at the next login is acknowledged then and shown by
 * the connection whose acknowledgement removed it. So a notice is seen
 * live once, or at the next login once, never both.
 *
 * @module
 */
import { userTopic } from "../model/topics.ts";
import type { Notice, StoredNotice } from "../model/notices.ts";
import { MAX_PAGE } from "../model/types.ts";
import { nameKey } from "../ports/backend.ts";
import type { Hub, Member } from "../session/hub.ts";

/** Most inbox pages one login shows; anything beyond waits for the next. */
const MAX_ROUNDS = 5;

/**
 * Stores `notice` for `name`, then publishes it to them. When the inbox
 * cannot be written they are still told live (and not at the next login).
 */
export async function notify(
  hub: Hub,
  name: string,
  notice: Notice,
): Promise<void> {
  const id = await storeNotice(hub, name, notice);
  await hub.publish(
    userTopic(name),
    id === undefined ? notice : { ...notice, noticeId: id },
  );
}

/** Puts `notice` in `name`'s inbox; its id, or undefined when storage failed. */
export function storeNotice(
  hub: Hub,
  name: string,
  notice: Notice,
): Promise<number | undefined> {
  return hub.guard(
    "Notice not saved",
    () => hub.backend.pushNotice(name, notice),
  ).catch(() => undefined);
}

/**
 * Shows `member` what its participant's inbox still holds and this call
 * acknowledged (claimed), oldest first, direct-message notices summed per
 * sender at the end. `shownLive` tells notices this very connection received live
 * meanwhile: they are acknowledged but not shown twice.
 */
export async function deliverInbox(
  hub: Hub,
  member: Member,
  shownLive: (id: number) => boolean,
): Promise<void> {
  const name = member.name;
  if (name === null) return;
  const backend = hub.backend;
  const unread = new Map<string, { from: string; count: number }>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const page = await hub.guard(
      "Catch-up failed",
      () => backend.listNotices(name, { limit: MAX_PAGE }),
    );
    if (page.notices.length > 0) {
      // Claim before showing: of two connections logging in at once, each
      // notice goes to the one whose acknowledgement removed it.
      const ids = page.notices.map((n) => n.id);
      const claimed = new Set(
        await hub.guard("Catch-up failed", () => backend.ackNotices(name, ids)),
      );
      for (const stored of page.notices) {
        if (claimed.has(stored.id) && !shownLive(stored.id)) {
          show(member, stored, unread);
        }
      }
    }
    if (!page.hasMore) break;
  }
  for (const { from, count } of unread.values()) {
    member.deliver({ type: "direct_unread", from, count });
  }
}

function show(
  member: Member,
  { notice }: StoredNotice,
  unread: Map<string, { from: string; count: number }>,
): void {
  if (notice.type !== "direct_unread") return member.deliver(notice);
  const key = nameKey(notice.from);
  const sum = unread.get(key) ?? { from: notice.from, count: 0 };
  sum.count += notice.count;
  unread.set(key, sum);
}
