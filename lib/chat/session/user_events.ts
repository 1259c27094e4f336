/**
 * What happens when an event reaches a participant's topic on this
 * instance, besides handing it to their connections: a lost channel moves
 * the connections that were in it to the general chat; a notice is
 * acknowledged, since it was delivered live (the one rule of
 * `actions/notices.ts`); a direct message shown live on a connection that
 * reads everything as it comes (telnet) moves its recipient's read marker.
 *
 * @module
 */
import type { ChatEvent } from "../model/events.ts";
import type { Backend } from "../ports/backend.ts";
import { nameKey } from "../ports/backend.ts";
import type { Member } from "./hub.ts";
import type { ReadMarkers } from "../actions/read_markers.ts";

/** What `UserEvents` needs from its session. */
export interface UserEventsDeps {
  backend: Backend;
  readMarkers: ReadMarkers;
  /** Runs storage work; failures are logged there. */
  guard<T>(what: string, work: () => Promise<T>): Promise<T>;
  /** Hands an event to connections, counting deliveries. */
  deliver(members: Iterable<Member>, event: ChatEvent): void;
}

/** Handles the events of participants' topics for local connections. */
export class UserEvents {
  #deps: UserEventsDeps;
  // Notices delivered live to connections whose login catch-up runs.
  #catchingUp = new WeakMap<Member, Set<number>>();

  /** Works with the session's storage and delivery. */
  constructor(deps: UserEventsDeps) {
    this.#deps = deps;
  }

  /** Delivers `event` to `members`, the local connections of participant `key`. */
  handle(key: string, members: ReadonlySet<Member>, event: ChatEvent): void {
    this.#deps.deliver(members, event);
    if (event.type === "access_lost") {
      for (const member of [...members]) member.lostAccess(event.channel);
    }
    if (members.size === 0) return;
    if ("noticeId" in event && event.noticeId !== undefined) {
      const id = event.noticeId;
      for (const member of members) this.#catchingUp.get(member)?.add(id);
      this.#store("Notice not acknowledged", (b) => b.ackNotices(key, [id]));
    }
    if (event.type === "direct") {
      const { message } = event;
      const readsLive = [...members].some((m) => m.readsLive);
      if (readsLive && nameKey(message.recipient) === key) {
        const room = { peer: message.sender };
        const markers = this.#deps.readMarkers;
        this.#store(
          "Read marker not saved",
          () => markers.markRead({ name: key }, room, message.id),
        );
      }
    }
  }

  /** Starts noting the notices `member` receives live, for its catch-up. */
  attached(member: Member): void {
    this.#catchingUp.set(member, new Set());
  }

  /**
   * Runs `member`'s catch-up once; `work` is told which notices this
   * connection received live since it attached (shown, not to repeat).
   */
  async catchUp(
    member: Member,
    work: (shownLive: (id: number) => boolean) => Promise<void>,
  ): Promise<void> {
    const live = this.#catchingUp.get(member);
    if (!live) return;
    try {
      await work((id) => live.has(id));
    } finally {
      this.#catchingUp.delete(member);
    }
  }

  /** Stops noting for a closing `member`. */
  detached(member: Member): void {
    this.#catchingUp.delete(member);
  }

  #store(what: string, work: (backend: Backend) => Promise<unknown>): void {
    const backend = this.#deps.backend;
    this.#deps.guard(what, () => work(backend)).catch(() => {});
  }
}
