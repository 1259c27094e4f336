/**
 * The DynamoDB backend: one table, strongly consistent reads, conditional
 * writes instead of transactions (dynalite, the local stand-in, has none).
 * The key layout is in `dynamodb_table.ts` and `docs/backend_dynamodb.md`.
 *
 * @module
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  accessOf,
  type Account,
  type Backend,
  type Channel,
  type DirectDraft,
  type DirectMessage,
  fail,
  type HistoryPage,
  type HistoryQuery,
  historyWindow,
  type JoinRequest,
  type ListPage,
  type ListQuery,
  mayUse,
  type Message,
  type MessageDraft,
  type Notice,
  type Participant,
  type Room,
  type RosterState,
  type StandingChange,
} from "../chat/mod.ts";
import * as direct from "./dynamodb_direct.ts";
import * as standing from "./dynamodb_standing.ts";
import {
  createDynamoClient,
  DEFAULT_TABLE,
  type DynamoBackendOptions,
} from "./dynamodb_client.ts";
import {
  getItem,
  putNew,
  queryPartition,
  queryUpTo,
  randomId,
  setIfExists,
  type Store,
  verifiedPage,
} from "./dynamodb_ops.ts";
import { DynamoSignIns } from "./dynamodb_sign_ins.ts";
import {
  channelsOwnedBy,
  createChannel,
  setSlowMode,
} from "./dynamodb_channels.ts";
import {
  decide,
  fileRequest,
  pendingFor,
  requestsBy,
} from "./dynamodb_requests.ts";
import {
  channelKey,
  CHANNELS_PK,
  directPk,
  ensureTable,
  isConditionFailure,
  keyPart,
  markerKey,
  messageSk,
  participantKey,
  PARTICIPANTS_PK,
  requestKey,
  roomPk,
  toChannel,
  toDirect,
  toMessage,
  toParticipant,
} from "./dynamodb_table.ts";

export {
  createDynamoClient,
  DEFAULT_REGION,
  DEFAULT_TABLE,
  type DynamoBackendOptions,
  dynamoOptionsFromEnv,
  MAX_ATTEMPTS,
} from "./dynamodb_client.ts";

/** Connects, creates the table unless `createTable: false`, and opens. */
export async function openDynamoBackend(
  options: DynamoBackendOptions = {},
): Promise<DynamoBackend> {
  const client = createDynamoClient(options);
  const table = options.table ?? DEFAULT_TABLE;
  try {
    if (options.createTable ?? true) await ensureTable(client, table);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return new DynamoBackend(client, table);
}

const PARTICIPANT_FIELDS = ["sk", "name", "email", "createdAt", "lastLoginAt"];

/** A `Backend` on one DynamoDB table. */
export class DynamoBackend implements Backend {
  #client: DynamoDBClient;
  #store: Store;
  /** Sign-ins and the signing key. */
  readonly signIns: DynamoSignIns;

  /** Wraps an open client; `close()` destroys it. */
  constructor(client: DynamoDBClient, table: string) {
    this.#client = client;
    this.#store = {
      doc: DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true },
      }),
      table,
    };
    this.signIns = new DynamoSignIns(this.#store);
  }

  async hasParticipant(name: string): Promise<boolean> {
    return await getItem(this.#store, participantKey(name)) !== null;
  }

  createAccount(account: Account): Promise<boolean> {
    const { participant, credential } = account;
    return putNew(this.#store, {
      ...participantKey(participant.name),
      ...participant,
      credential,
      rid: randomId(),
    });
  }

  async getAccount(name: string): Promise<Account | null> {
    const item = await getItem(this.#store, participantKey(name));
    if (!item) return null;
    const credential = typeof item.credential === "string"
      ? item.credential
      : "";
    return { participant: toParticipant(item), credential };
  }

  async recordLogin(name: string, at: number): Promise<Participant | null> {
    // The item before the update is the login this one replaces, even
    // under races.
    const before = await setIfExists(this.#store, participantKey(name), {
      values: { lastLoginAt: at },
      returns: "before",
    });
    return before && toParticipant(before);
  }

  async getParticipant(name: string): Promise<Participant | null> {
    const item = await getItem(this.#store, participantKey(name));
    return item && toParticipant(item);
  }

  listParticipants(query: ListQuery = {}): Promise<ListPage<Participant>> {
    return verifiedPage(
      query,
      (after, count) =>
        queryPartition(
          this.#store,
          PARTICIPANTS_PK,
          after,
          count,
          PARTICIPANT_FIELDS,
        ),
      (rows) => Promise.resolve(rows.map(toParticipant)),
    );
  }

  storeMessage(draft: MessageDraft): Promise<Message> {
    return this.#append(roomPk(draft.channel), draft);
  }

  getChatHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    return this.#history(roomPk(null), query, toMessage);
  }

  getChannelHistory(
    channel: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage> {
    return this.#history(roomPk(channel), query, toMessage);
  }

  registerChannel(name: string, owner: string) {
    return createChannel(this.#store, name, owner);
  }

  async getChannel(name: string): Promise<Channel | null> {
    const item = await getItem(this.#store, channelKey(name));
    return item && toChannel(item);
  }

  listChannels(query: ListQuery = {}): Promise<ListPage<Channel>> {
    return verifiedPage(
      query,
      (after, count) => queryPartition(this.#store, CHANNELS_PK, after, count),
      (rows) => Promise.resolve(rows.map(toChannel)),
    );
  }

  listChannelsOwnedBy(
    owner: string,
    query: ListQuery = {},
  ): Promise<ListPage<Channel>> {
    return channelsOwnedBy(this.#store, owner, query);
  }

  setSlowMode(channel: string, seconds: number): Promise<Channel | null> {
    return setSlowMode(this.#store, channel, seconds);
  }

  fileRequest(channel: Channel, requester: string) {
    return fileRequest(this.#store, channel, requester);
  }

  async recordDecision(
    channel: Channel,
    decision: { requester: string; grant: boolean },
  ) {
    const ck = keyPart(channel.name);
    const rk = keyPart(decision.requester);
    const [current, stored] = await Promise.all([
      getItem(this.#store, requestKey(ck, rk)),
      getItem(this.#store, channelKey(channel.name)),
    ]);
    if (!current) return fail("not_found");
    if (current.state !== "pending") return fail("not_pending");
    // Best effort: a handover landing after this read is not seen.
    if (keyPart(stored?.owner as string) !== keyPart(channel.owner)) {
      return fail("forbidden");
    }
    if (decision.grant) {
      await standing.putRosterRow(this.#store, { ck, rk, state: "granted" });
    }
    return await decide(this.#store, current, decision.grant);
  }

  changeStanding(channel: Channel, change: StandingChange) {
    return standing.changeStanding(this.#store, channel, change);
  }

  listRoster(channel: string, state: RosterState, query: ListQuery = {}) {
    return standing.listRoster(this.#store, channel, state, query);
  }

  transferChannel(channel: Channel, to: string) {
    return standing.transferChannel(this.#store, channel, to);
  }

  listPendingRequests(owner: string, query: ListQuery = {}) {
    return pendingFor(this.#store, owner, query);
  }

  listRequestsBy(requester: string, query: ListQuery = {}) {
    return requestsBy(this.#store, requester, query);
  }

  async isMember(channel: string, name: string): Promise<boolean> {
    const [found, request] = await Promise.all([
      this.getChannel(channel),
      getItem(this.#store, requestKey(keyPart(channel), keyPart(name))),
    ]);
    const state = request as Pick<JoinRequest, "state"> | null;
    return found !== null && mayUse(accessOf(found, name, state));
  }

  async getReadMarker(name: string, room: Room): Promise<number> {
    const item = await getItem(this.#store, markerKey(name, room));
    return typeof item?.id === "number" ? item.id : 0;
  }

  async setReadMarker(name: string, room: Room, id: number): Promise<void> {
    try {
      await this.#store.doc.send(
        new UpdateCommand({
          TableName: this.#store.table,
          Key: markerKey(name, room),
          UpdateExpression: "SET #id = :id",
          // Forward only: a lower or equal id fails the condition, harmlessly.
          ConditionExpression: "attribute_not_exists(#id) OR #id < :id",
          ExpressionAttributeNames: { "#id": "id" },
          ExpressionAttributeValues: { ":id": id },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async storeDirect(draft: DirectDraft): Promise<DirectMessage> {
    const message = await this.#append(
      directPk(draft.sender, draft.recipient),
      draft,
    );
    await direct.recordConversation(this.#store, message);
    return message;
  }

  getDirectHistory(
    name: string,
    peer: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage<DirectMessage>> {
    return this.#history(directPk(name, peer), query, toDirect);
  }

  listConversations(name: string, query: ListQuery = {}) {
    return direct.listConversations(this.#store, name, query);
  }

  setBlock(by: string, whom: string, blocked: boolean): Promise<void> {
    return direct.setBlock(this.#store, by, { whom, blocked });
  }

  isBlocked(by: string, whom: string): Promise<boolean> {
    return direct.isBlocked(this.#store, by, whom);
  }

  listBlocks(by: string, query: ListQuery = {}) {
    return direct.listBlocks(this.#store, by, query);
  }

  pushNotice(name: string, notice: Notice): Promise<number> {
    return direct.pushNotice(this.#store, name, notice);
  }

  listNotices(name: string, query: { limit?: number } = {}) {
    return direct.listNotices(this.#store, name, query);
  }

  ackNotices(name: string, ids: readonly number[]): Promise<number[]> {
    return direct.ackNotices(this.#store, name, ids);
  }

  close(): Promise<void> {
    // Ends the keep-alive sockets of the SDK's HTTP agent.
    this.#client.destroy();
    return Promise.resolve();
  }

  // Appends to the room in partition `pk` with its next id. A put that
  // fails after the increment burns the id: gaps may occur.
  async #append<D extends object>(
    pk: string,
    draft: D,
  ): Promise<D & { id: number }> {
    const id = await direct.nextId(this.#store, pk);
    const message = { ...draft, id };
    const stored = await putNew(this.#store, {
      pk,
      sk: messageSk(id),
      ...message,
      rid: randomId(),
    });
    if (!stored) {
      throw new Error(`Message ${id} of ${pk} exists; counter behind`);
    }
    return message;
  }

  async #history<M>(
    pk: string,
    query: HistoryQuery,
    map: (item: Record<string, unknown>) => M,
  ): Promise<HistoryPage<M>> {
    const window = historyWindow(query);
    if (!window) return { messages: [], hasMore: false };
    // Sort keys are zero-padded ids, so BETWEEN is an id range that also
    // leaves out the room's counter item; one extra row tells `hasMore`.
    const rows = await queryUpTo(this.#store, {
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
      ExpressionAttributeValues: {
        ":pk": pk,
        ":from": messageSk(window.from),
        ":to": messageSk(window.to),
      },
      ScanIndexForward: window.forward,
    }, window.limit + 1);
    const page = rows.slice(0, window.limit).map(map);
    if (!window.forward) page.reverse();
    return { messages: page, hasMore: rows.length > window.limit };
  }
}
