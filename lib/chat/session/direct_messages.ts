/**
 * A connection's direct messages: sending without entering the
 * conversation, reading a conversation's history, marking it read, the
 * list of conversations with unread counts, and blocks. Kept apart from
 * `Connection` so it stays one concept; reached as `conn.dms`.
 *
 * @module
 */
import type {
  Block,
  DirectMessage,
  HistoryPage,
  HistoryQuery,
  ListPage,
  ListQuery,
} from "../model/types.ts";
import { EXISTING_NAME, validateName } from "../rules/validation.ts";
import { blockedBy, setBlocked } from "../actions/blocks.ts";
import {
  conversationsOf,
  type ConversationUnread,
  sendDirect,
} from "../actions/direct.ts";
import { readDirectHistory } from "../actions/history.ts";
import type { Hub, Member } from "./hub.ts";

/** Direct messages of one connection's participant. */
export class DirectMessages {
  #hub: Hub;
  #member: Member;
  #who: () => string;

  /** Acts for `member`, whose participant `who` names (throwing if none). */
  constructor(hub: Hub, member: Member, who: () => string) {
    this.#hub = hub;
    this.#member = member;
    this.#who = who;
  }

  /** Sends `text` to `to`; both of them receive it on every connection. */
  send(to: string, text: string): Promise<DirectMessage> {
    this.#who();
    return sendDirect(this.#hub, this.#member, { to, text });
  }

  /** A page of the conversation with `peer`, like a room's history. */
  history(
    peer: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage<DirectMessage>> {
    return readDirectHistory(this.#hub, this.#who(), { ...query, peer });
  }

  /** Records that the conversation with `peer` was read up to `id`. */
  markRead(peer: string, id: number): Promise<void> {
    const who = this.#who();
    const other = validateName(peer, EXISTING_NAME);
    return this.#hub.guard(
      "Read marker not saved",
      () => this.#hub.readMarkers.markRead({ name: who }, { peer: other }, id),
    );
  }

  /** A page of this participant's conversations with unread counts. */
  conversations(query?: ListQuery): Promise<ListPage<ConversationUnread>> {
    return conversationsOf(this.#hub, this.#who(), query);
  }

  /** Refuses `name`'s direct messages from now on; resolves their stored name. */
  block(name: string): Promise<string> {
    return setBlocked(this.#hub, this.#who(), { name, blocked: true });
  }

  /** Accepts `name`'s direct messages again; resolves their stored name. */
  unblock(name: string): Promise<string> {
    return setBlocked(this.#hub, this.#who(), { name, blocked: false });
  }

  /** A page of the participants this one blocks. */
  blocked(query?: ListQuery): Promise<ListPage<Block>> {
    return blockedBy(this.#hub, this.#who(), query);
  }
}
