import assert from "node:assert/strict";
import { openRedisBackend } from "../lib/backends/redis.ts";
import {
  assertBystanderChats,
  frame,
  skipWithoutRedis,
  startRedisServer,
  startServer,
  startServerProcess,
  TelnetClient,
  until,
} from "./_support/mod.ts";

Deno.test("fault: a server killed with SIGKILL loses no acknowledged message (Deno KV)", async () => {
  const dir = await Deno.makeTempDir();
  const args = [
    "--backend",
    "kv",
    "--kv-path",
    `${dir}/chat.kv`,
    "--msg-rate",
    "0",
  ];
  let server = await startServerProcess(args);
  const clients: TelnetClient[] = [];
  try {
    const acked: string[] = [];
    for (const name of ["ann", "ben"]) {
      const c = await TelnetClient.connect(server.telnetPort);
      clients.push(c);
      await c.ask(
        `/register ${name} ${name}-password ${name}@example.com`,
        "Welcome",
      );
      for (let i = 0; i < 25; i++) {
        // The echo of one's own line comes only after it was stored.
        await c.ask(`${name} ${i}`, `<${name}> ${name} ${i}`);
        acked.push(`${name} ${i}`);
      }
    }
    await server.stop("SIGKILL");
    await Promise.all(clients.map((c) => c.close()));
    server = await startServerProcess(args);
    const back = await TelnetClient.connect(server.telnetPort);
    clients.push(back);
    await back.ask("/login ann ann-password", "Welcome");
    await back.ask("/history 100", "ben 24");
    for (const text of acked) {
      const hits = back.text.split(`> ${text}\r\n`).length - 1;
      assert.equal(hits, 1, `"${text}" exactly once`);
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "fault: WebSocket senders hear 'not sent' while Redis is down; every acknowledged message is kept",
  ignore: await skipWithoutRedis(),
  async fn() {
    const redis = await startRedisServer({ persistent: true });
    assert.ok(redis, "redis-server is not installed");
    const backend = await openRedisBackend({ url: redis.url });
    const server = await startServer({ backend });
    try {
      const bob = await server.member("bob");
      const wes = await server.ws("wes");
      wes.send({ type: "say", text: "before" });
      await bob.expect("<wes> before");
      await redis.stop();
      const from = wes.frames.length;
      wes.send({ type: "say", text: "during", ref: 1 });
      await wes.expect(
        frame("error", {
          code: "unavailable",
          message: "Message not sent: storage unavailable",
          ref: 1,
        }),
        { from, timeoutMs: 10_000 },
      );
      wes.send({ type: "history", channel: null, ref: 2 });
      await wes.expect(frame("error", { code: "unavailable", ref: 2 }), {
        timeoutMs: 10_000,
      });
      await redis.restart();
      let i = -1;
      await until(
        async () => {
          const at = wes.frames.length;
          wes.send({ type: "say", text: `after ${++i}`, ref: `a${i}` });
          const got = await wes.expect(
            (f) =>
              (f.type === "message" && f.text === `after ${i}`) ||
              (f.type === "error" && f.ref === `a${i}`),
            { from: at, timeoutMs: 10_000 },
          );
          return got.type === "message";
        },
        "Redis comes back",
        { timeoutMs: 10_000, intervalMs: 200 },
      );
      const texts = (await backend.getChatHistory()).messages.map((m) =>
        m.text
      );
      assert.equal(texts[0], "before");
      assert.ok(!texts.includes("during"));
      assert.equal(texts.filter((t) => t.startsWith("after")).length, 1);
      await assertBystanderChats(server, bob, "bob after the outage");
    } finally {
      await server.close();
      await redis.close();
    }
  },
});
