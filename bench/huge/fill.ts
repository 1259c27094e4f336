/**
 * Rooms of a million messages for every backend, filled as fast as each
 * allows (bulk writes in the backend's own key layout where the backend
 * has no bulk insert), for `bench/huge_history_bench.ts`. The room is a
 * channel, or (kind `direct`) the conversation of "me" and "huge".
 *
 * @module
 */
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
} from "@aws-sdk/lib-dynamodb";
import type {
  Backend,
  DirectMessage,
  HistoryPage,
  HistoryQuery,
  Message,
} from "../../lib/chat/mod.ts";
import { MemoryBackend } from "../../lib/backends/memory.ts";
import { KvBackend } from "../../lib/backends/kv.ts";
import { directParts, roomParts } from "../../lib/backends/kv_keys.ts";
import { openRedisBackend } from "../../lib/backends/redis.ts";
import {
  createDynamoClient,
  openDynamoBackend,
} from "../../lib/backends/dynamodb.ts";
import {
  directPk,
  messageSk,
  roomPk,
  SEQ_SK,
} from "../../lib/backends/dynamodb_table.ts";
import { startRedisServer } from "../../lib/dev/redis_server.ts";
import { startDynalite } from "../../lib/dev/dynalite.ts";

/** A backend holding one room of `count` messages, and how to release it. */
export interface FilledBackend {
  backend: Backend;
  /** Reads a page of the filled room. */
  read(query: HistoryQuery): Promise<HistoryPage<{ id: number }>>;
  close(): Promise<void>;
}

/** Backends this file can fill. */
export const HUGE_BACKENDS = ["memory", "kv", "redis", "dynamodb"] as const;

/** What the room is: a channel, or a direct conversation. */
export type RoomKind = "channel" | "direct";

const CHANNEL = "huge";
const ME = "me";

function message(id: number, kind: RoomKind): Message | DirectMessage {
  const common = {
    id,
    sentAt: 1_700_000_000_000 + id,
    text: `message number ${id} with some ordinary chat text in it`,
  };
  return kind === "channel"
    ? { ...common, sender: `user${id % 37}`, channel: CHANNEL }
    : id % 2
    ? { ...common, sender: ME, recipient: CHANNEL }
    : { ...common, sender: CHANNEL, recipient: ME };
}

// Through the backend's own store call, so its code assigns the ids.
function store(backend: Backend, id: number, kind: RoomKind) {
  const { id: _, ...draft } = message(id, kind);
  return "recipient" in draft
    ? backend.storeDirect(draft)
    : backend.storeMessage(draft);
}

function reader(backend: Backend, kind: RoomKind): FilledBackend["read"] {
  return kind === "channel"
    ? (query) => backend.getChannelHistory(CHANNEL, query)
    : (query) => backend.getDirectHistory(ME, CHANNEL, query);
}

/** Opens `name` with one room of `count` messages; null if it cannot run here. */
export async function fillBackend(
  name: typeof HUGE_BACKENDS[number],
  count: number,
  kind: RoomKind = "channel",
): Promise<FilledBackend | null> {
  const read = (backend: Backend) => reader(backend, kind);
  switch (name) {
    case "memory": {
      const backend = new MemoryBackend();
      for (let id = 1; id <= count; id++) await store(backend, id, kind);
      return { backend, read: read(backend), close: () => backend.close() };
    }
    case "kv": {
      const dir = await Deno.makeTempDir({ prefix: "parley_huge_kv_" });
      const kv = await Deno.openKv(`${dir}/huge.kv`);
      const parts = kind === "channel"
        ? roomParts(CHANNEL)
        : directParts(ME, CHANNEL);
      // 500 messages a commit, well under KV's 1 000 mutations per atomic.
      for (let first = 1; first <= count; first += 500) {
        const last = Math.min(count, first + 499);
        const op = kv.atomic().set(["head", ...parts], last);
        for (let id = first; id <= last; id++) {
          op.set(["msg", ...parts, id], message(id, kind));
        }
        if (!(await op.commit()).ok) throw new Error("kv fill failed");
      }
      const backend = new KvBackend(kv);
      return {
        backend,
        read: read(backend),
        async close() {
          kv.close();
          await Deno.remove(dir, { recursive: true });
        },
      };
    }
    case "redis": {
      const server = await startRedisServer();
      if (!server) return null;
      const backend = await openRedisBackend({
        url: server.url,
        prefix: "huge:",
      });
      // Through storeMessage so the real script assigns ids; ioredis
      // pipelines the 1 000 calls in flight.
      for (let first = 1; first <= count; first += 1000) {
        const batch = [];
        for (let id = first; id <= Math.min(count, first + 999); id++) {
          batch.push(store(backend, id, kind));
        }
        await Promise.all(batch);
      }
      return {
        backend,
        read: read(backend),
        async close() {
          await backend.close();
          await server.close();
        },
      };
    }
    case "dynamodb": {
      const server = await startDynalite();
      const table = "parley_huge";
      const backend = await openDynamoBackend({
        endpoint: server.endpoint,
        table,
      });
      const client = createDynamoClient({ endpoint: server.endpoint });
      const doc = DynamoDBDocumentClient.from(client);
      const pk = kind === "channel" ? roomPk(CHANNEL) : directPk(ME, CHANNEL);
      let next = 1;
      const worker = async () => {
        while (next <= count) {
          const from = next;
          next = Math.min(count + 1, next + 25);
          let items = Array.from({ length: next - from }, (_, i) => ({
            PutRequest: {
              Item: {
                pk,
                sk: messageSk(from + i),
                ...message(from + i, kind),
                rid: (from + i).toString(16),
              },
            },
          }));
          while (items.length > 0) {
            const out = await doc.send(
              new BatchWriteCommand({ RequestItems: { [table]: items } }),
            );
            items = (out.UnprocessedItems?.[table] ?? []) as typeof items;
          }
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { pk, sk: SEQ_SK, seq: count },
        }),
      );
      client.destroy();
      return {
        backend,
        read: read(backend),
        async close() {
          await backend.close();
          await server.stop();
        },
      };
    }
  }
}
