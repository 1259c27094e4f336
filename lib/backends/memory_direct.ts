/**
 * Direct messages and blocks in the in-memory backend: one array per
 * conversation (its message `i` has id `i + 1`, so a page is a slice, as
 * for rooms), each participant's list of conversations, and blocks.
 *
 * @module
 */
import {
  type Block,
  type Conversation,
  type DirectDraft,
  type DirectMessage,
  directPair,
  type HistoryPage,
  type HistoryQuery,
  historyWindow,
  type ListPage,
  type ListQuery,
  nameKey,
} from "../chat/mod.ts";
import { pageSorted, sliceWindow } from "./paging.ts";

/** Conversations, conversation lists and blocks, kept in maps. */
export class MemoryDirect {
  // Keyed by the conversation's pair, joined with a newline.
  #conversations = new Map<string, DirectMessage[]>();
  // Participant key → peer key → their side of the conversation.
  #lists = new Map<string, Map<string, Conversation>>();
  // Blocker key → blocked key → the block.
  #blocks = new Map<string, Map<string, Block>>();

  storeDirect(draft: DirectDraft): DirectMessage {
    const key = directPair(draft.sender, draft.recipient).join("\n");
    let log = this.#conversations.get(key);
    if (!log) this.#conversations.set(key, log = []);
    const message = { ...draft, id: log.length + 1 };
    log.push(message);
    const at = { lastId: message.id, lastAt: message.sentAt };
    this.#list(draft.sender).set(nameKey(draft.recipient), {
      peer: draft.recipient,
      ...at,
    });
    this.#list(draft.recipient).set(nameKey(draft.sender), {
      peer: draft.sender,
      ...at,
    });
    return { ...message };
  }

  getDirectHistory(
    name: string,
    peer: string,
    query: HistoryQuery = {},
  ): HistoryPage<DirectMessage> {
    const window = historyWindow(query);
    const log = this.#conversations.get(directPair(name, peer).join("\n"));
    return window && log
      ? sliceWindow(log, window)
      : { messages: [], hasMore: false };
  }

  listConversations(name: string, query: ListQuery = {}) {
    const all = [...this.#list(name).entries()]
      .map(([k, c]) => [k, { ...c }] as const);
    return pageSorted(all, query);
  }

  setBlock(by: string, whom: string, blocked: boolean): void {
    let mine = this.#blocks.get(nameKey(by));
    if (!mine) this.#blocks.set(nameKey(by), mine = new Map());
    if (blocked) mine.set(nameKey(whom), { name: whom, at: Date.now() });
    else mine.delete(nameKey(whom));
  }

  isBlocked(by: string, whom: string): boolean {
    return this.#blocks.get(nameKey(by))?.has(nameKey(whom)) ?? false;
  }

  listBlocks(by: string, query: ListQuery = {}): ListPage<Block> {
    const all = [...this.#blocks.get(nameKey(by)) ?? []]
      .map(([k, b]) => [k, { ...b }] as const);
    return pageSorted(all, query);
  }

  #list(name: string): Map<string, Conversation> {
    let list = this.#lists.get(nameKey(name));
    if (!list) this.#lists.set(nameKey(name), list = new Map());
    return list;
  }
}
