import assert from "node:assert/strict";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  createDynamoClient,
  type DynamoBackendOptions,
  dynamoOptionsFromEnv,
  openDynamoBackend,
} from "../lib/backends/dynamodb.ts";
import { keyPart, requestKey, roomPk } from "../lib/backends/dynamodb_table.ts";
import {
  ask,
  backendConformance,
  decide,
  login,
  register,
} from "./conformance.ts";
import { startDynalite } from "./_support/mod.ts";

/** dynalite in-process, or the server `DYNAMODB_ENDPOINT` names. */
interface Target {
  options: DynamoBackendOptions;
  /** A table name no earlier open has used. */
  freshTable(): string;
  stop(): Promise<void>;
}

async function startTarget(): Promise<Target> {
  const tables: string[] = [];
  const freshTable = () => {
    const table = `parley_test_${crypto.randomUUID()}`;
    tables.push(table);
    return table;
  };
  if (Deno.env.get("DYNAMODB_ENDPOINT")) {
    const options = dynamoOptionsFromEnv(Deno.env);
    return {
      options,
      freshTable,
      // A shared server outlives the run, so drop the tables made for it.
      async stop() {
        const client = createDynamoClient(options);
        try {
          for (const TableName of tables) {
            await client.send(new DeleteTableCommand({ TableName }));
          }
        } finally {
          client.destroy();
        }
      },
    };
  }
  const server = await startDynalite();
  return {
    options: { endpoint: server.endpoint },
    freshTable,
    stop: () => server.stop(),
  };
}

backendConformance("DynamoDB", async () => {
  const target = await startTarget();
  return {
    open: () =>
      openDynamoBackend({
        ...target.options,
        table: target.freshTable(),
      }),
    close: () => target.stop(),
  };
});

Deno.test("DynamoDB backend keeps data across reopen", async () => {
  const target = await startTarget();
  const options = { ...target.options, table: target.freshTable() };
  try {
    const first = await openDynamoBackend(options);
    try {
      await register(first, "Alice", "pw", "a@x.io");
      await register(first, "bob", "pw", "b@x.io");
      await login(first, "alice", "pw");
      await first.registerChannel("Lounge", "Alice");
      for (const text of ["one", "two", "three"]) {
        await first.storeMessage(draft(text, null));
      }
      await first.storeMessage(draft("inside", "Lounge"));
      await ask(first, "lounge", "bob");
    } finally {
      await first.close();
    }

    const again = await openDynamoBackend(options);
    try {
      assert.equal((await again.getParticipant("ALICE"))?.email, "a@x.io");
      const second = await login(again, "Alice", "pw");
      assert.ok(second.ok);
      assert.equal(typeof second.value.lastLoginAt, "number");
      const people = await again.listParticipants();
      assert.deepEqual(people.items.map((p) => p.name), ["Alice", "bob"]);
      assert.equal((await again.getChannel("lounge"))?.owner, "Alice");
      const chat = await again.getChatHistory();
      assert.deepEqual(chat.messages.map((m) => [m.id, m.text]), [
        [1, "one"],
        [2, "two"],
        [3, "three"],
      ]);
      const room = await again.getChannelHistory("LOUNGE");
      assert.deepEqual(room.messages.map((m) => m.text), ["inside"]);
      const pending = await again.listPendingRequests("alice");
      assert.deepEqual(pending.items.map((r) => r.requester), ["bob"]);
      const mine = await again.listRequestsBy("bob");
      assert.deepEqual(mine.items.map((r) => r.channel), ["Lounge"]);
      assert.equal((await again.storeMessage(draft("four", null))).id, 4);
    } finally {
      await again.close();
    }
  } finally {
    await target.stop();
  }
});

Deno.test("DynamoDB lists skip and remove index items a crash left", async () => {
  const target = await startTarget();
  const table = target.freshTable();
  const backend = await openDynamoBackend({ ...target.options, table });
  const client = createDynamoClient(target.options);
  const doc = DynamoDBDocumentClient.from(client);
  const put = (Item: Record<string, unknown>) =>
    doc.send(new PutCommand({ TableName: table, Item }));
  const keys = async (pk: string) =>
    ((await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ConsistentRead: true,
      }),
    )).Items ?? []).map((i) => i.sk as string);
  const pad = (at: number) => String(at).padStart(15, "0");
  const hourAgo = Date.now() - 3_600_000;
  try {
    await backend.registerChannel("club", "olga");
    await ask(backend, "club", "ann");
    await decide(backend, "club", "ann", "olga", true);
    const { Item: ann } = await doc.send(
      new GetCommand({ TableName: table, Key: requestKey("club", "ann") }),
    );
    // Crashed right after deciding: the pending index item stayed.
    const decided = `${pad(ann!.requestedAt)}#club#ann#${ann!.rid}`;
    await put({
      pk: "PENDING#olga",
      sk: decided,
      ...ann,
      at: ann!.requestedAt,
    });
    // Crashed between index and request writes, long ago and just now.
    const old = { ck: "club", rk: "bob", rid: "dead", at: hourAgo };
    await put({
      pk: "PENDING#olga",
      sk: `${pad(hourAgo)}#club#bob#dead`,
      ...old,
    });
    const young = { ck: "club", rk: "cat", rid: "beef", at: Date.now() };
    await put({
      pk: "PENDING#olga",
      sk: `${pad(young.at)}#club#cat#beef`,
      ...young,
    });
    await put({
      pk: "REQUESTS#dan",
      sk: "club",
      ck: "club",
      rk: "dan",
      at: hourAgo,
    });
    await ask(backend, "club", "eve");

    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await backend.listPendingRequests("olga", {
        limit: 1,
        after,
      });
      seen.push(...page.items.map((r) => r.requester));
      if (!page.next) break;
      after = page.next;
    }
    assert.deepEqual(seen, ["eve"]);
    const left = await keys("PENDING#olga");
    assert.equal(left.length, 2, "eve's, and the young orphan's");
    assert.ok(left.some((k) => k.includes("#eve#")));
    assert.deepEqual((await backend.listRequestsBy("dan")).items, []);
    assert.deepEqual(await keys("REQUESTS#dan"), []);
  } finally {
    client.destroy();
    await backend.close();
    await target.stop();
  }
});

Deno.test("DynamoDB backend rejects promptly when the endpoint is dead", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  const endpoint = `http://127.0.0.1:${port}`;
  const started = Date.now();
  await assert.rejects(openDynamoBackend({ endpoint }));
  const backend = await openDynamoBackend({ endpoint, createTable: false });
  try {
    await assert.rejects(backend.storeMessage(draft("lost", null)));
  } finally {
    await backend.close();
  }
  assert.ok(Date.now() - started < 5_000, "both calls fail within seconds");
});

Deno.test("DynamoDB options come from the environment", () => {
  const env = new Map([
    ["DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"],
    ["DYNAMODB_TABLE", "chat"],
    ["AWS_REGION", "eu-west-1"],
    ["AWS_ACCESS_KEY_ID", "id"],
    ["AWS_SECRET_ACCESS_KEY", "secret"],
  ]);
  assert.deepEqual(dynamoOptionsFromEnv(env), {
    endpoint: "http://127.0.0.1:8000",
    table: "chat",
    region: "eu-west-1",
    credentials: { accessKeyId: "id", secretAccessKey: "secret" },
  });
  assert.deepEqual(dynamoOptionsFromEnv(new Map()), {});
  assert.throws(() => createDynamoClient({}), /AWS_ACCESS_KEY_ID/);
});

Deno.test("DynamoDB keys keep names inside their own key part", () => {
  assert.equal(keyPart("Lounge_1-a"), "lounge_1-a");
  assert.equal(keyPart("a#b"), "a%23b");
  assert.notEqual(roomPk("G"), roomPk(null));
  assert.equal(roomPk("C#x"), "R#C#c%23x");
});

function draft(text: string, channel: string | null) {
  return { sender: "alice", sentAt: Date.now(), text, channel };
}
