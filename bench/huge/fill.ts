/**
 * Rooms of a million messages for every backend, filled as fast as each
 * allows (bulk writes in the backend's own key layout where the backend
 * has no bulk insert), for `bench/huge_history_bench.ts`.
 *
 * @module
 */
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Backend, Message } from "../../lib/chat/mod.ts";
import { MemoryBackend } from "../../lib/backends/memory.ts";
import { KvBackend } from "../../lib/backends/kv.ts";
import { headKey, messagePrefix } from "../../lib/backends/kv_keys.ts";
import { openRedisBackend } from "../../lib/backends/redis.ts";
import {
  createDynamoClient,
  openDynamoBackend,
} from "../../lib/backends/dynamodb.ts";
import {
  messageSk,
  roomPk,
  SEQ_SK,
} from "../../lib/backends/dynamodb_table.ts";
import { startRedisServer } from "../../lib/dev/redis_server.ts";
import { startDynalite } from "../../lib/dev/dynalite.ts";

/** A backend holding one room of `count` messages, and how to release it. */
export interface FilledBackend {
  backend: Backend;
  channel: string;
  close(): Promise<void>;
}

/** Backends this file can fill. */
export const HUGE_BACKENDS = ["memory", "kv", "redis", "dynamodb"] as const;

const CHANNEL = "huge";

function message(id: number): Message {
  return {
    id,
    sender: `user${id % 37}`,
    sentAt: 1_700_000_000_000 + id,
    text: `message number ${id} with some ordinary chat text in it`,
    channel: CHANNEL,
  };
}

/** Opens `name` with one room of `count` messages; null if it cannot run here. */
export async function fillBackend(
  name: typeof HUGE_BACKENDS[number],
  count: number,
): Promise<FilledBackend | null> {
  switch (name) {
    case "memory": {
      const backend = new MemoryBackend();
      for (let id = 1; id <= count; id++) {
        const { id: _, ...draft } = message(id);
        await backend.storeMessage(draft);
      }
      return { backend, channel: CHANNEL, close: () => backend.close() };
    }
    case "kv": {
      const dir = await Deno.makeTempDir({ prefix: "parley_huge_kv_" });
      const kv = await Deno.openKv(`${dir}/huge.kv`);
      // 500 messages a commit, well under KV's 1 000 mutations per atomic.
      for (let first = 1; first <= count; first += 500) {
        const last = Math.min(count, first + 499);
        const op = kv.atomic().set(headKey(CHANNEL), last);
        for (let id = first; id <= last; id++) {
          op.set([...messagePrefix(CHANNEL), id], message(id));
        }
        if (!(await op.commit()).ok) throw new Error("kv fill failed");
      }
      const backend = new KvBackend(kv);
      return {
        backend,
        channel: CHANNEL,
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
          const { id: _, ...draft } = message(id);
          batch.push(backend.storeMessage(draft));
        }
        await Promise.all(batch);
      }
      return {
        backend,
        channel: CHANNEL,
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
      const pk = roomPk(CHANNEL);
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
                ...message(from + i),
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
        channel: CHANNEL,
        async close() {
          await backend.close();
          await server.stop();
        },
      };
    }
  }
}
