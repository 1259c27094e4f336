/**
 * The storage port. Every backend (memory, Deno KV, Redis, DynamoDB)
 * implements this interface and passes `tests/conformance.ts`.
 *
 * Backends only store. The rules are decided once, in the core
 * (`rules/`): hashing and checking passwords, "taken" before the hash,
 * who owns a channel and may decide on it, which message ids are valid,
 * and how a history query becomes a window. Where two writers may race
 * (two registrations of one name, two decisions on one request), a write
 * here is conditional, so storage settles the race atomically.
 *
 * Names given to a backend are already validated (see `validation.ts`);
 * backends compare them case-insensitively through `nameKey`.
 *
 * @module
 */
import type {
  Account,
  Block,
  Channel,
  Conversation,
  DirectDraft,
  DirectMessage,
  HistoryPage,
  HistoryQuery,
  JoinRequest,
  ListPage,
  ListQuery,
  Message,
  MessageDraft,
  Participant,
  Room,
  RosterState,
  StandingChange,
} from "../model/types.ts";
import type { Notice, NoticePage } from "../model/notices.ts";
import type { Result } from "../model/result.ts";
import type { SignInStore } from "./sign_ins.ts";

/** Asynchronous, bounded storage for everything the chat keeps. */
export interface Backend {
  /** Whether a participant of this name (any case) exists. */
  hasParticipant(name: string): Promise<boolean>;
  /**
   * Stores a new account unless its name (any case) exists, in one
   * conditional write: of racing creations exactly one resolves true.
   */
  createAccount(account: Account): Promise<boolean>;
  /** A participant with their credential; null when unknown. */
  getAccount(name: string): Promise<Account | null>;
  /**
   * Sets a participant's `lastLoginAt` to `at` in one atomic step and
   * resolves the record as it was BEFORE; null when unknown.
   */
  recordLogin(name: string, at: number): Promise<Participant | null>;
  /** Looks up one participant. */
  getParticipant(name: string): Promise<Participant | null>;
  /** Pages through every stored participant in name order. */
  listParticipants(query?: ListQuery): Promise<ListPage<Participant>>;

  /** Persists a message and returns it with its per-room id. */
  storeMessage(draft: MessageDraft): Promise<Message>;
  /**
   * A page of the general chat's history: exactly the window
   * `historyWindow(query)` gives, oldest first (empty when it is null).
   */
  getChatHistory(query?: HistoryQuery): Promise<HistoryPage>;
  /** A page of one channel's history, read like `getChatHistory`. */
  getChannelHistory(
    channel: string,
    query?: HistoryQuery,
  ): Promise<HistoryPage>;

  /** Creates a channel owned by `owner`, with slow mode off. */
  registerChannel(
    name: string,
    owner: string,
  ): Promise<Result<Channel, "taken">>;
  /** Looks up one channel. */
  getChannel(name: string): Promise<Channel | null>;
  /** Pages through every channel in name order. */
  listChannels(query?: ListQuery): Promise<ListPage<Channel>>;
  /** Pages through the channels `owner` owns (any case), in name order. */
  listChannelsOwnedBy(
    owner: string,
    query?: ListQuery,
  ): Promise<ListPage<Channel>>;
  /**
   * Stores a channel's slow mode (0 turns it off) and resolves the updated
   * channel; null when there is no such channel. Who may: the core decides.
   */
  setSlowMode(channel: string, seconds: number): Promise<Channel | null>;

  /**
   * Files a pending request of `requester` for `channel`, read just before
   * and not owned by them (the core checks). Refuses, atomically, as
   * `filingRefusal` (`rules/access.ts`) says for their current standing
   * (granted, pending, banned); any other standing is replaced. Filed in
   * the list of whoever owns the channel when the write lands.
   */
  fileRequest(
    channel: Channel,
    requester: string,
  ): Promise<
    Result<JoinRequest, "already_member" | "already_pending" | "banned">
  >;
  /**
   * Grants or denies `requester`'s request for `channel`; the core has
   * checked that the decider owns it. Conditional on the request still
   * pending, so of racing decisions exactly one is recorded, and (where the
   * backend can check it in the same write) on `channel.owner` still
   * owning it, else `forbidden`. A grant adds the requester to the
   * channel's members (`listRoster`).
   */
  recordDecision(
    channel: Channel,
    decision: { requester: string; grant: boolean },
  ): Promise<Result<JoinRequest, "not_found" | "not_pending" | "forbidden">>;
  /**
   * Moves `change.name`'s standing in `channel` (read just before; the core
   * decided the change is allowed) to `change.to`, only if it is now one of
   * `change.from` (`none`: no record, which is then created), in one
   * conditional write; `not_found` otherwise, or when (where the backend
   * can check it in the same write) the channel changed owner since it was
   * read. The owner's pending list and the channel's roster follow.
   */
  changeStanding(
    channel: Channel,
    change: StandingChange,
  ): Promise<Result<JoinRequest, "not_found">>;
  /** A channel's members (`granted`) or bans (`banned`), in name order. */
  listRoster(
    channel: string,
    state: RosterState,
    query?: ListQuery,
  ): Promise<ListPage<JoinRequest>>;
  /**
   * Makes `to` (a participant's stored name) the owner of `channel` if it
   * is still owned by `channel.owner`, else `not_found`. The previous owner
   * stays as a member (granted, on the roster), the channel's pending
   * requests move to the new owner's list, and the per-owner index follows.
   */
  transferChannel(
    channel: Channel,
    to: string,
  ): Promise<Result<Channel, "not_found">>;
  /** Pending requests for every channel `owner` owns, oldest first. */
  listPendingRequests(
    owner: string,
    query?: ListQuery,
  ): Promise<ListPage<JoinRequest>>;
  /** Every request `requester` has made, in channel-name order. */
  listRequestsBy(
    requester: string,
    query?: ListQuery,
  ): Promise<ListPage<JoinRequest>>;
  /**
   * Whether `name` may use `channel`: `mayUse(accessOf(…))` over the stored
   * channel and `name`'s request for it, both read in one round trip.
   */
  isMember(channel: string, name: string): Promise<boolean>;

  /**
   * The id of the newest message `name` has seen in a room (null: the
   * general chat; a name: a channel; `{peer}`: their conversation with
   * `peer`); 0 when none was recorded.
   */
  getReadMarker(name: string, room: Room): Promise<number>;
  /**
   * Moves `name`'s read marker in a room forward to `id`, a message id
   * (`isMessageId`, checked by the core); never back, even under races.
   */
  setReadMarker(name: string, room: Room, id: number): Promise<void>;

  /**
   * Persists a direct message with its conversation's next id (1, 2, 3, …
   * per pair of participants, in either direction), and records it as both
   * participants' newest in `listConversations`.
   */
  storeDirect(draft: DirectDraft): Promise<DirectMessage>;
  /**
   * A page of the conversation between `name` and `peer` (either order
   * names the same one), read exactly like `getChatHistory`.
   */
  getDirectHistory(
    name: string,
    peer: string,
    query?: HistoryQuery,
  ): Promise<HistoryPage<DirectMessage>>;
  /** The conversations `name` takes part in, in peer-name order. */
  listConversations(
    name: string,
    query?: ListQuery,
  ): Promise<ListPage<Conversation>>;
  /** Records that `by` blocks `whom` (a stored name), or no longer does. */
  setBlock(by: string, whom: string, blocked: boolean): Promise<void>;
  /** Whether `by` blocks `whom`. */
  isBlocked(by: string, whom: string): Promise<boolean>;
  /** Whom `by` blocks, in name order. */
  listBlocks(by: string, query?: ListQuery): Promise<ListPage<Block>>;

  /** Appends a notice to `name`'s inbox; resolves its id (1, 2, 3, … per inbox). */
  pushNotice(name: string, notice: Notice): Promise<number>;
  /** The oldest notices still in `name`'s inbox (at most `limit`, default 50). */
  listNotices(name: string, query?: { limit?: number }): Promise<NoticePage>;
  /**
   * Acknowledges exactly these notices of `name` (shown live or at login):
   * they leave the inbox for good; unknown ids are ignored. Resolves the
   * ids this call removed: of two racing calls, each id goes to one, so
   * whoever claims a notice is the one to show it.
   */
  ackNotices(name: string, ids: readonly number[]): Promise<number[]>;

  /** Sign-ins (sessions, tokens) and the key that signs them. */
  readonly signIns: SignInStore;

  /** Releases connections and files. */
  close(): Promise<void>;
}

/** The case-insensitive key of a participant or channel name. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
