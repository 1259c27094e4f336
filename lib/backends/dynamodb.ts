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
  type Backend,
  type Channel,
  fail,
  type HistoryPage,
  type HistoryQuery,
  type ListPage,
  type ListQuery,
  type Message,
  type MessageDraft,
  nameKey,
  ok,
  pageLimit,
  type Participant,
  verifyPassword,
} from "../chat/mod.ts";
import { newAccount } from "./account.ts";
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
  type Store,
  verifiedPage,
} from "./dynamodb_ops.ts";
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
  ensureTable,
  isConditionFailure,
  keyPart,
  markerKey,
  messageSk,
  participantKey,
  PARTICIPANTS_PK,
  requestKey,
  roomPk,
  SEQ_SK,
  toChannel,
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
  return new DynamoBackend(client, table, options);
}

const PARTICIPANT_FIELDS = ["sk", "name", "email", "createdAt", "lastLoginAt"];
const MAX_ID = Number.MAX_SAFE_INTEGER;

/** A `Backend` on one DynamoDB table. */
export class DynamoBackend implements Backend {
  #client: DynamoDBClient;
  #store: Store;
  #iterations?: number;

  /** Wraps an open client; `close()` destroys it. */
  constructor(
    client: DynamoDBClient,
    table: string,
    options: { pbkdf2Iterations?: number } = {},
  ) {
    this.#client = client;
    this.#store = {
      doc: DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true },
      }),
      table,
    };
    this.#iterations = options.pbkdf2Iterations;
  }

  async hasParticipant(name: string): Promise<boolean> {
    return await getItem(this.#store, participantKey(name)) !== null;
  }

  async registerParticipant(
    name: string,
    passwordSha256: string,
    email: string,
  ) {
    // Checked first so a taken name costs no hashing.
    if (await this.hasParticipant(name)) return fail("taken");
    const { participant, credential } = await newAccount(name, passwordSha256, {
      email,
      iterations: this.#iterations,
    });
    const created = await putNew(this.#store, {
      ...participantKey(name),
      ...participant,
      credential,
      rid: randomId(),
    });
    return created ? ok(participant) : fail("taken");
  }

  async authenticateParticipant(name: string, passwordSha256: string) {
    const key = participantKey(name);
    const item = await getItem(this.#store, key);
    const stored = typeof item?.credential === "string"
      ? item.credential
      : null;
    const valid = await verifyPassword(passwordSha256, stored, {
      iterations: this.#iterations,
    });
    if (!item || !valid) return fail("invalid_credentials");
    // ALL_OLD hands back the login this one replaces, even under races.
    const { Attributes } = await this.#store.doc.send(
      new UpdateCommand({
        TableName: this.#store.table,
        Key: key,
        UpdateExpression: "SET lastLoginAt = :now",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":now": Date.now() },
        ReturnValues: "ALL_OLD",
      }),
    );
    return ok(toParticipant(Attributes ?? item));
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

  async storeMessage(draft: MessageDraft): Promise<Message> {
    const pk = roomPk(draft.channel);
    // A put that fails after this increment burns the id: gaps may occur.
    const { Attributes } = await this.#store.doc.send(
      new UpdateCommand({
        TableName: this.#store.table,
        Key: { pk, sk: SEQ_SK },
        UpdateExpression: "ADD seq :one",
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const message: Message = { ...draft, id: Number(Attributes?.seq) };
    const stored = await putNew(this.#store, {
      pk,
      sk: messageSk(message.id),
      ...message,
      rid: randomId(),
    });
    if (!stored) {
      throw new Error(`Message ${message.id} of ${pk} exists; counter behind`);
    }
    return message;
  }

  getChatHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    return this.#history(null, query);
  }

  getChannelHistory(
    channel: string,
    query: HistoryQuery = {},
  ): Promise<HistoryPage> {
    return this.#history(channel, query);
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

  setSlowMode(channel: string, seconds: number, options: { by: string }) {
    return setSlowMode(this.#store, channel, { seconds, by: options.by });
  }

  async requestAccess(channel: string, requester: string) {
    const found = await this.getChannel(channel);
    if (!found) return fail("not_found");
    return await fileRequest(this.#store, found, requester);
  }

  async decideRequest(
    channel: string,
    requester: string,
    decision: { by: string; grant: boolean },
  ) {
    const [found, current] = await Promise.all([
      this.getChannel(channel),
      getItem(this.#store, requestKey(keyPart(channel), keyPart(requester))),
    ]);
    if (!found || !current) return fail("not_found");
    if (nameKey(found.owner) !== nameKey(decision.by)) return fail("forbidden");
    return await decide(this.#store, current, decision.grant);
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
    if (!found) return false;
    return nameKey(found.owner) === nameKey(name) ||
      request?.state === "granted";
  }

  async getReadMarker(name: string, channel: string | null): Promise<number> {
    const item = await getItem(this.#store, markerKey(name, channel));
    return typeof item?.id === "number" ? item.id : 0;
  }

  async setReadMarker(
    name: string,
    channel: string | null,
    id: number,
  ): Promise<void> {
    if (!Number.isSafeInteger(id) || id <= 0) return;
    try {
      await this.#store.doc.send(
        new UpdateCommand({
          TableName: this.#store.table,
          Key: markerKey(name, channel),
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

  close(): Promise<void> {
    // Ends the keep-alive sockets of the SDK's HTTP agent.
    this.#client.destroy();
    return Promise.resolve();
  }

  async #history(
    channel: string | null,
    query: HistoryQuery,
  ): Promise<HistoryPage> {
    const limit = pageLimit(query.limit);
    const after = finite(query.after);
    const before = finite(query.before);
    // As in the memory backend, `after` wins when both are given.
    const forward = after !== undefined;
    const from = forward ? Math.max(1, after + 1) : 1;
    const to = before === undefined || forward
      ? MAX_ID
      : Math.min(MAX_ID, before - 1);
    if (from > to) return { messages: [], hasMore: false };
    // Sort keys are zero-padded ids, so BETWEEN is an id range that also
    // leaves out the room's counter item; one extra row tells `hasMore`.
    const rows = await queryUpTo(this.#store, {
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
      ExpressionAttributeValues: {
        ":pk": roomPk(channel),
        ":from": messageSk(from),
        ":to": messageSk(to),
      },
      ScanIndexForward: forward,
    }, limit + 1);
    const page = rows.slice(0, limit).map(toMessage);
    if (!forward) page.reverse();
    return { messages: page, hasMore: rows.length > limit };
  }
}

function finite(id: number | undefined): number | undefined {
  return id === undefined || !Number.isFinite(id) ? undefined : Math.trunc(id);
}
