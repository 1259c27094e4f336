import assert from "node:assert/strict";
import { FLOOD_NOTICE } from "../lib/chat/mod.ts";
import { FloodControl } from "../lib/chat/throttle/flood.ts";
import { KeyedStore } from "../lib/chat/throttle/keyed_store.ts";
import { TokenBucket } from "../lib/chat/throttle/token_bucket.ts";
import { CLOSE_CODES } from "../lib/web/ws.ts";
import { assertBystanderChats, frame, startServer } from "./_support/mod.ts";

const SLOW_DOWN = "Slow down: at most 2 messages a second (burst 5)";

Deno.test("token bucket allows the burst, then the rate", () => {
  const bucket = new TokenBucket(2, 5, 0);
  for (let i = 0; i < 5; i++) assert.ok(bucket.take(0));
  assert.equal(bucket.take(0), false);
  assert.equal(bucket.take(400), false, "0.8 tokens after 400 ms");
  assert.ok(bucket.take(500), "one token after 500 ms");
  assert.ok(bucket.isFull(10_000));
});

Deno.test("flood control throttles, then calls 10x the rate for the kick time flooding", () => {
  const flood = new FloodControl({
    msgRate: 2,
    msgBurst: 5,
    floodKickSeconds: 30,
  });
  assert.equal(flood.refusal, SLOW_DOWN);
  const verdicts: string[] = [];
  // 20 messages a second (10x the rate) for 40 s, one every 50 ms.
  for (let t = 0; t < 40_000; t += 50) verdicts.push(flood.check("eve", t));
  assert.equal(verdicts.slice(0, 5).join(), "ok,ok,ok,ok,ok");
  assert.equal(verdicts[5], "throttled");
  const kickedAt = verdicts.indexOf("flooding") * 50;
  assert.ok(
    kickedAt > 25_000 && kickedAt < 35_000,
    `flooding after about 30 s, got ${kickedAt} ms`,
  );
  // At 4x the rate the refusals leak away: throttled forever, never kicked.
  const patient = new FloodControl({
    msgRate: 2,
    msgBurst: 5,
    floodKickSeconds: 30,
  });
  for (let t = 0; t < 120_000; t += 125) {
    assert.notEqual(patient.check("pat", t), "flooding");
  }
});

Deno.test("flood control is off with rate 0", () => {
  const flood = new FloodControl({
    msgRate: 0,
    msgBurst: 5,
    floodKickSeconds: 30,
  });
  for (let i = 0; i < 1000; i++) assert.equal(flood.check("bench", 0), "ok");
  assert.equal(flood.size, 0);
});

Deno.test("flood control forgets idle participants, so memory stays bounded", () => {
  const flood = new FloodControl({
    msgRate: 2,
    msgBurst: 5,
    floodKickSeconds: 30,
  });
  // 50 000 names, each sending once, one per millisecond: most have refilled.
  for (let i = 0; i < 50_000; i++) flood.check(`name-${i}`, i * 10);
  assert.ok(flood.size < 5_000, `tracked ${flood.size}`);
});

Deno.test("keyed store evicts the oldest past its hard bound", () => {
  const store = new KeyedStore<number>({ idle: () => false, maxKeys: 2000 });
  for (let i = 0; i < 10_000; i++) store.ensure(`k${i}`, 0, () => i);
  assert.ok(store.size <= 4000, `size ${store.size}`);
  assert.equal(store.get("k9999"), 9999, "the newest survive");
});

Deno.test("flood control refuses with 'slow down' over telnet, keeps the connection and the bystander", async () => {
  const server = await startServer();
  try {
    const eve = await server.member("eve");
    const bob = await server.member("bob");
    const from = eve.text.length;
    for (let i = 0; i < 8; i++) await eve.send(`spam ${i}`);
    await eve.expect(`! ${SLOW_DOWN}`, { from });
    await eve.expect("<eve> spam 4", { from });
    assert.ok(!eve.closed, "the connection stays");
    const stored = (await server.backend.getChatHistory()).messages
      .filter((m) => m.sender === "eve");
    assert.equal(stored.length, 5, "the burst was stored, the rest refused");
    assert.ok(!bob.text.includes("spam 7"), "refused lines reach nobody");
    await assertBystanderChats(server, bob, "bob is unaffected");
  } finally {
    await server.close();
  }
});

Deno.test("flood control disconnects a persistent flooder over telnet with a reason", async () => {
  const server = await startServer({ limits: { floodKickSeconds: 1 } });
  try {
    const eve = await server.member("eve");
    const bob = await server.member("bob");
    // 10x the rate cannot be kept up for long: send as fast as possible.
    const lines = Array.from({ length: 200 }, (_, i) => `flood ${i}\r\n`);
    await eve.sendBytes(new TextEncoder().encode(lines.join(""))).catch(
      () => {},
    );
    await eve.expect("* Disconnected: flooding");
    await eve.expectClosed();
    await assertBystanderChats(server, bob, "bob still talks");
  } finally {
    await server.close();
  }
});

Deno.test("flood control throttles and then closes a flooding WebSocket with 4002", async () => {
  const server = await startServer({ limits: { floodKickSeconds: 1 } });
  try {
    const eve = await server.ws("eve");
    const bob = await server.member("bob");
    for (let i = 0; i < 6; i++) eve.send({ type: "say", text: `hi ${i}` });
    await eve.expect(frame("error", { code: "throttled", message: SLOW_DOWN }));
    const told = () =>
      eve.frames.some((f) => f.type === "system" && f.text === FLOOD_NOTICE);
    // Each frame waits for its answer, as a client awaiting acks does, so no
    // frame is in flight when the server closes: a client that keeps writing
    // across the server's close frame may see no clean close code.
    for (let i = 0; i < 5000 && !told(); i++) {
      if (eve.socket.readyState !== WebSocket.OPEN) break;
      eve.send({ type: "say", text: `flood ${i}`, ref: i });
      const answered = (f: Record<string, unknown>) =>
        f.ref === i || (f.type === "system" && f.text === FLOOD_NOTICE);
      await eve.expect(answered).catch(() => {});
    }
    assert.ok(told(), "the flooder was told why");
    const closed = await eve.closed;
    assert.equal(closed.code, CLOSE_CODES.flooding);
    assert.equal(closed.reason, "flooding");
    await assertBystanderChats(server, bob, "bob is fine");
  } finally {
    await server.close();
  }
});
