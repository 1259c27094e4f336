/**
 * A connection's join requests: asking a channel's owner for access, and
 * the owner's side (grant, deny, the pending list). Kept apart from
 * `Connection` so it stays one concept; reached as `conn.requests`.
 *
 * @module
 */
import type { JoinRequest, ListPage, ListQuery } from "../model/types.ts";
import {
  decideJoinRequest,
  pendingJoinRequests,
  sendJoinRequest,
} from "../actions/join_requests.ts";
import type { Hub } from "./hub.ts";

/** Join requests of one logged-in participant. */
export class AccessRequests {
  #hub: Hub;
  #who: () => string;

  /** Acts as whoever `who` names (it throws when nobody is logged in). */
  constructor(hub: Hub, who: () => string) {
    this.#hub = hub;
    this.#who = who;
  }

  /** Asks a channel's owner for access; the owner is told at once. */
  ask(channel: string): Promise<JoinRequest> {
    return sendJoinRequest(this.#hub, this.#who(), { name: channel });
  }

  /** Grants a pending request for a channel this participant owns. */
  grant(channel: string, requester: string): Promise<JoinRequest> {
    return this.#decide(channel, requester, true);
  }

  /** Denies a pending request for a channel this participant owns. */
  deny(channel: string, requester: string): Promise<JoinRequest> {
    return this.#decide(channel, requester, false);
  }

  /** Pending requests for this participant's channels. */
  pending(query?: ListQuery): Promise<ListPage<JoinRequest>> {
    return pendingJoinRequests(this.#hub, this.#who(), query);
  }

  #decide(
    channel: string,
    requester: string,
    grant: boolean,
  ): Promise<JoinRequest> {
    return decideJoinRequest(this.#hub, this.#who(), {
      channel,
      requester,
      grant,
    });
  }
}
