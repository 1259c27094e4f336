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
  Channel,
  HistoryPage,
  HistoryQuery,
  JoinRequest,
  ListPage,
  ListQuery,
  Message,
  MessageDraft,
  Participant,
} from "../model/types.ts";
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
   * and not owned by them (the core checks). Refuses, atomically, when
   * their request there is granted or already pending; a denied one is
   * replaced.
   */
  fileRequest(
    channel: Channel,
    requester: string,
  ): Promise<Result<JoinRequest, "already_member" | "already_pending">>;
  /**
   * Grants or denies `requester`'s request for `channel`; the core has
   * checked that the decider owns it. Conditional on the request still
   * pending, so of racing decisions exactly one is recorded.
   */
  recordDecision(
    channel: Channel,
    decision: { requester: string; grant: boolean },
  ): Promise<Result<JoinRequest, "not_found" | "not_pending">>;
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
   * The id of the newest message `name` has seen in a room (`channel`
   * null: the general chat); 0 when none was recorded.
   */
  getReadMarker(name: string, channel: string | null): Promise<number>;
  /**
   * Moves `name`'s read marker in a room forward to `id`, a message id
   * (`isMessageId`, checked by the core); never back, even under races.
   */
  setReadMarker(
    name: string,
    channel: string | null,
    id: number,
  ): Promise<void>;

  /** Sign-ins (sessions, tokens) and the key that signs them. */
  readonly signIns: SignInStore;

  /** Releases connections and files. */
  close(): Promise<void>;
}

/** The case-insensitive key of a participant or channel name. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
