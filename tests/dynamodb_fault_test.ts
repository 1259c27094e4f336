import assert from "node:assert/strict";
import { MAX_ATTEMPTS, openDynamoBackend } from "../lib/backends/dynamodb.ts";
import {
  assertBystanderChats,
  startDynalite,
  startServer,
  TcpProxy,
  until,
} from "./_support/mod.ts";

const REQUEST_TIMEOUT_MS = 1_000;
// Every attempt times out, plus the SDK's back-off between attempts.
const FAIL_BOUND_MS = MAX_ATTEMPTS * REQUEST_TIMEOUT_MS + 2_000;

Deno.test("fault: DynamoDB blocked mid-traffic: senders hear 'not sent' in bounded time, chat resumes", async () => {
  const dynalite = await startDynalite();
  const proxy = TcpProxy.start(dynalite.endpoint);
  const backend = await openDynamoBackend({
    endpoint: proxy.url,
    table: `parley_fault_${crypto.randomUUID()}`,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const server = await startServer({ backend });
  try {
    const alice = await server.member("alice");
    const bob = await server.member("bob");
    const acked: string[] = [];
    for (const text of ["before 1", "before 2"]) {
      await alice.ask(text, `<alice> ${text}`);
      acked.push(text);
    }

    proxy.pause();
    let started = Date.now();
    let from = alice.text.length;
    await alice.send("during the outage");
    await alice.expect("! Message not sent: storage unavailable", {
      from,
      timeoutMs: FAIL_BOUND_MS + 2_000,
    });
    const sendMs = Date.now() - started;
    assert.ok(sendMs < FAIL_BOUND_MS, `refused after ${sendMs} ms`);
    started = Date.now();
    from = bob.text.length;
    await bob.send("/history");
    await bob.expect("! History unavailable: storage unavailable", {
      from,
      timeoutMs: FAIL_BOUND_MS + 2_000,
    });
    assert.ok(Date.now() - started < FAIL_BOUND_MS, "reads fail soft, fast");
    assert.ok(!bob.text.includes("during the outage"), "unstored, undelivered");

    proxy.resume();
    // The SDK opens fresh connections on its own: no restart of anything.
    let i = -1;
    await until(
      async () => {
        const text = `after ${++i}`;
        from = alice.text.length;
        await alice.send(text);
        const at = await alice.expect(
          new RegExp(`<alice> ${text}|! Message not sent`),
          { from, timeoutMs: FAIL_BOUND_MS + 2_000 },
        );
        if (!alice.text.startsWith("<alice>", at)) return false;
        acked.push(text);
        return true;
      },
      "DynamoDB comes back",
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    await bob.expect(`<alice> ${acked.at(-1)}`);
    await assertBystanderChats(server, bob, "bob after the outage");
    acked.push("bob after the outage");
    const stored = (await backend.getChatHistory({ limit: 200 })).messages
      .map((m) => m.text);
    for (const text of acked) assert.ok(stored.includes(text), text);
    // Nothing passed the paused proxy, so the refused message never landed.
    assert.ok(!stored.includes("during the outage"));
    assert.equal(server.session.size, 2, "nobody was disconnected");
  } finally {
    await server.close();
    await proxy.close();
    await dynalite.stop();
  }
});
