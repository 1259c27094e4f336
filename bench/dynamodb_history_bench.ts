/**
 * "Newest 50 messages" from the DynamoDB backend against in-process
 * dynalite, in a room of 1 000 and one of 100 000 messages; also an older
 * page deep in the big room and one `storeMessage`. The rooms are
 * filled with BatchWriteItem (25 items a request, a few in flight) in the
 * backend's own key layout, so filling skips the per-message counter.
 *
 * Run: `deno bench -A bench/dynamodb_history_bench.ts`
 *
 * @module
 */
import { benchHistory } from "./_history_cases.ts";
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  createDynamoClient,
  openDynamoBackend,
} from "../lib/backends/dynamodb.ts";
import { messageSk, roomPk, SEQ_SK } from "../lib/backends/dynamodb_table.ts";
import { startDynalite } from "../lib/dev/dynalite.ts";

const SIZES = [1_000, 100_000];
const TABLE = "parley_bench";
const BATCH = 25;
const IN_FLIGHT = 4;

const server = await startDynalite();
const backend = await openDynamoBackend({
  endpoint: server.endpoint,
  table: TABLE,
});
const client = createDynamoClient({ endpoint: server.endpoint });
const doc = DynamoDBDocumentClient.from(client);
try {
  for (const size of SIZES) {
    const started = performance.now();
    await fill(`bench${size}`, size);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`filled ${size} messages in ${seconds} s`);
  }
} finally {
  client.destroy();
}

benchHistory(backend, SIZES.map((size) => [`bench${size}`, size] as const));

Deno.bench({
  name: "store one message (counter update + put)",
  group: "store",
  async fn() {
    await backend.storeMessage({
      sender: "bench",
      sentAt: Date.now(),
      text: "the quick brown fox jumps over the lazy dog",
      channel: "benchstore",
    });
  },
});

// No teardown: `deno bench` has no after-all hook, and the in-process
// dynalite and client go away with the process when the run ends.

async function fill(channel: string, count: number): Promise<void> {
  const pk = roomPk(channel);
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const from = next;
      next = Math.min(count + 1, next + BATCH);
      let items = Array.from({ length: next - from }, (_, i) => ({
        PutRequest: { Item: message(pk, channel, from + i) },
      }));
      while (items.length > 0) {
        const out = await doc.send(
          new BatchWriteCommand({ RequestItems: { [TABLE]: items } }),
        );
        items = (out.UnprocessedItems?.[TABLE] ?? []) as typeof items;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  // The counter as storeMessage would have left it.
  await doc.send(
    new PutCommand({
      TableName: TABLE,
      Item: { pk, sk: SEQ_SK, seq: count },
    }),
  );
}

function message(pk: string, channel: string, id: number) {
  return {
    pk,
    sk: messageSk(id),
    id,
    sender: `user${id % 97}`,
    sentAt: 1_700_000_000_000 + id * 1_000,
    text: `message ${id}: the quick brown fox jumps over the lazy dog`,
    channel,
    rid: id.toString(16),
  };
}
