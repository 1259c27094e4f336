/**
 * The storage port. Every backend (memory, Deno KV, Redis, DynamoDB)
 * implements this interface and passes `tests/conformance.ts`.
 *
 * Names given to a backend are already validated (see `validation.ts`);
 * backends compare them case-insensitively through `nameKey`.
 *
 * @module
 */
import type {
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

/** Asynchronous, bounded storage for everything the chat keeps. */
export interface Backend {
  /** Whether a participant of this name (any case) exists. */
  hasParticipant(name: string): Promise<boolean>;
  /** Creates an account; the digest is stored only as a salted PBKDF2 hash. */
  registerParticipant(
    name: string,
    passwordSha256: string,
    email: string,
  ): Promise<Result<Participant, "taken">>;
  /**
   * Checks credentials; unknown name and wrong password fail alike. On
   * success it records the login and returns the PREVIOUS `lastLoginAt`.
   */
  authenticateParticipant(
    name: string,
    passwordSha256: string,
  ): Promise<Result<Participant, "invalid_credentials">>;
  /** Looks up one participant. */
  getParticipant(name: string): Promise<Participant | null>;
  /** Pages through every stored participant in name order. */
  listParticipants(query?: ListQuery): Promise<ListPage<Participant>>;

  /** Persists a message and returns it with its per-room id. */
  storeMessage(draft: MessageDraft): Promise<Message>;
  /** A page of the general chat's history. */
  getChatHistory(query?: HistoryQuery): Promise<HistoryPage>;
  /** A page of one channel's history. */
  getChannelHistory(
    channel: string,
    query?: HistoryQuery,
  ): Promise<HistoryPage>;

  /** Creates a channel owned by `owner`. */
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
  /** Sets a channel's slow mode (0 turns it off); only its owner may. */
  setSlowMode(
    channel: string,
    seconds: number,
    options: { by: string },
  ): Promise<Result<Channel, "not_found" | "forbidden">>;

  /** Files a pending request; owners and granted members are refused. */
  requestAccess(
    channel: string,
    requester: string,
  ): Promise<
    Result<JoinRequest, "not_found" | "already_member" | "already_pending">
  >;
  /** The owner's decision on a pending request; only the owner may decide. */
  decideRequest(
    channel: string,
    requester: string,
    decision: { by: string; grant: boolean },
  ): Promise<Result<JoinRequest, "not_found" | "forbidden" | "not_pending">>;
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
  /** Whether `name` may use `channel`: its owner or granted. */
  isMember(channel: string, name: string): Promise<boolean>;

  /**
   * The id of the newest message `name` has seen in a room (`channel`
   * null: the general chat); 0 when none was recorded.
   */
  getReadMarker(name: string, channel: string | null): Promise<number>;
  /** Moves `name`'s read marker in a room forward to `id`; never back. */
  setReadMarker(
    name: string,
    channel: string | null,
    id: number,
  ): Promise<void>;

  /** Releases connections and files. */
  close(): Promise<void>;
}

/** The case-insensitive key of a participant or channel name. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
