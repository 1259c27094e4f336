/**
 * The DynamoDB backend's single-table key layout and table creation. Every
 * item lives in one table keyed by the strings `pk` (hash) and `sk` (range);
 * `docs/backend_dynamodb.md` lists the layout. Also maps items to domain
 * values, copying fields one by one so stored extras (credential, rid)
 * never leak out.
 *
 * @module
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import {
  type Channel,
  type DirectMessage,
  directPair,
  isDirect,
  type Message,
  nameKey,
  type Participant,
  type Room,
} from "../chat/mod.ts";

/** Hash key of every participant item; the sort key is the name key. */
export const PARTICIPANTS_PK = "PARTICIPANT";
/** Hash key of every channel item; the sort key is the name key. */
export const CHANNELS_PK = "CHANNEL";
/** Sort key of a room's id counter, in the room's own partition. */
export const SEQ_SK = "SEQ";
/** Digits of a message sort key: enough for `Number.MAX_SAFE_INTEGER`. */
export const ID_DIGITS = 16;

/**
 * A name as it appears inside a key: case-folded, then percent-encoded.
 * Encoding turns `#` (the separator) and anything unusual into `%XX`, so
 * no name can reach into another key, while validated names
 * (`[a-z0-9_-]`) stay readable and keep their order.
 */
export function keyPart(name: string): string {
  return encodeURIComponent(nameKey(name));
}

/** The key of a participant: all share one partition, in name order. */
export function participantKey(name: string): DynamoKey {
  return { pk: PARTICIPANTS_PK, sk: keyPart(name) };
}

/** The key of a channel: all share one partition, in name order. */
export function channelKey(name: string): DynamoKey {
  return { pk: CHANNELS_PK, sk: keyPart(name) };
}

/** The hash key of a room: `R#G` for the general chat, `R#C#<name>` else. */
export function roomPk(channel: string | null): string {
  return channel === null ? "R#G" : `R#C#${keyPart(channel)}`;
}

/** The hash key of a direct conversation: `R#D#<a>#<b>`, its pair in order. */
export function directPk(a: string, b: string): string {
  const [x, y] = directPair(a, b).map(encodeURIComponent);
  return `R#D#${x}#${y}`;
}

/** The key of `name`'s read marker in a room: one partition per participant. */
export function markerKey(name: string, room: Room): DynamoKey {
  const sk = isDirect(room) ? directPk(name, room.peer) : roomPk(room);
  return { pk: `MARKER#${keyPart(name)}`, sk };
}

/** A message id as a zero-padded sort key, so string order is id order. */
export function messageSk(id: number): string {
  return String(id).padStart(ID_DIGITS, "0");
}

/** The key of the join request by requester `rk` for channel `ck`. */
export function requestKey(ck: string, rk: string): DynamoKey {
  return { pk: `C#${ck}`, sk: `REQ#${rk}` };
}

/** A primary key of the table. */
export interface DynamoKey {
  pk: string;
  sk: string;
}

/** The name of the error the SDK raised, or "" for anything else. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

/** Whether an error is a failed `ConditionExpression`. */
export function isConditionFailure(error: unknown): boolean {
  return errorName(error) === "ConditionalCheckFailedException";
}

const TABLE_WAIT_MS = 120_000;

/**
 * Creates the table when it is missing, then waits until it is ACTIVE.
 * Several servers may start at once: losing the creation race is fine.
 */
export async function ensureTable(
  client: DynamoDBClient,
  table: string,
): Promise<void> {
  if (await tableStatus(client, table) === null) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
        }),
      );
    } catch (error) {
      if (errorName(error) !== "ResourceInUseException") throw error;
    }
  }
  const deadline = Date.now() + TABLE_WAIT_MS;
  for (let wait = 50;; wait = Math.min(wait * 2, 2_000)) {
    const status = await tableStatus(client, table);
    if (status === "ACTIVE" || status === "UPDATING") return;
    if (Date.now() > deadline) {
      throw new Error(`DynamoDB table ${table} is ${status ?? "missing"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

async function tableStatus(
  client: DynamoDBClient,
  table: string,
): Promise<string | null> {
  try {
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: table }),
    );
    const types = new Map(
      Table?.AttributeDefinitions?.map((
        a,
      ) => [a.AttributeName, a.AttributeType]),
    );
    const keys = Table?.KeySchema?.map((k) =>
      `${k.AttributeName}:${k.KeyType}:${types.get(k.AttributeName)}`
    ).join(",");
    // A table made for something else would fail later in confusing ways.
    if (keys !== "pk:HASH:S,sk:RANGE:S") {
      throw new Error(
        `DynamoDB table ${table} has keys ${keys}; expected string pk and sk`,
      );
    }
    return Table?.TableStatus ?? null;
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException") return null;
    throw error;
  }
}

/** A participant item as a `Participant`. */
export function toParticipant(item: Record<string, unknown>): Participant {
  return {
    name: item.name as string,
    email: item.email as string,
    createdAt: item.createdAt as number,
    lastLoginAt: (item.lastLoginAt ?? null) as number | null,
  };
}

/** A channel item as a `Channel`. */
export function toChannel(item: Record<string, unknown>): Channel {
  return {
    name: item.name as string,
    owner: item.owner as string,
    createdAt: item.createdAt as number,
    // Channels created before slow mode existed lack the attribute.
    slowModeSeconds: (item.slowModeSeconds ?? 0) as number,
  };
}

/** A direct message item as a `DirectMessage`. */
export function toDirect(item: Record<string, unknown>): DirectMessage {
  return {
    id: item.id as number,
    sender: item.sender as string,
    recipient: item.recipient as string,
    sentAt: item.sentAt as number,
    text: item.text as string,
  };
}

/** A message item as a `Message`. */
export function toMessage(item: Record<string, unknown>): Message {
  return {
    id: item.id as number,
    sender: item.sender as string,
    sentAt: item.sentAt as number,
    text: item.text as string,
    channel: (item.channel ?? null) as string | null,
  };
}
