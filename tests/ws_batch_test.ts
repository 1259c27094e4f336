import assert from "node:assert/strict";
import {
  FrameOutbox,
  type FrameSocket,
  MAX_BATCH_FRAMES,
} from "../lib/web/outbox.ts";
import { unpackFrames } from "../lib/web/client/frames.ts";
import { MemoryBackend } from "../lib/backends/memory.ts";
import { Session } from "../lib/chat/mod.ts";
import { serveWeb } from "../lib/web/mod.ts";
import { frame, testEngine, WsClient } from "./_support/mod.ts";

/** A socket that records what is sent; `bufferedAmount` is settable. */
class FakeSocket implements FrameSocket {
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  send(data: string): void {
    this.sent.push(data);
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

Deno.test("outbox sends a lone frame as the object itself", async () => {
  const socket = new FakeSocket();
  const outbox = new FrameOutbox(socket);
  outbox.push('{"type":"system","text":"hi"}');
  assert.deepEqual(socket.sent, []);
  await turn();
  assert.deepEqual(socket.sent, ['{"type":"system","text":"hi"}']);
});

Deno.test("outbox joins frames queued in one turn into one array frame", async () => {
  const socket = new FakeSocket();
  const outbox = new FrameOutbox(socket);
  const shared = '{"type":"message","id":1,"text":"a"}';
  outbox.push(shared);
  outbox.push('{"type":"message","id":2,"text":"b"}');
  await turn();
  assert.equal(socket.sent.length, 1);
  assert.deepEqual(JSON.parse(socket.sent[0]), [
    { type: "message", id: 1, text: "a" },
    { type: "message", id: 2, text: "b" },
  ]);
  // The cached encodings are joined as they are, byte for byte.
  assert.ok(socket.sent[0].startsWith("[" + shared + ","));
});

Deno.test("outbox bounds each array frame by count and keeps order", async () => {
  const socket = new FakeSocket();
  const outbox = new FrameOutbox(socket);
  const total = MAX_BATCH_FRAMES * 2 + 3;
  for (let i = 0; i < total; i++) outbox.push(`{"id":${i}}`);
  await turn();
  assert.equal(socket.sent.length, 3);
  const ids = socket.sent.flatMap((f) => unpackFrames(f)).map((f) => f.id);
  assert.deepEqual(ids, Array.from({ length: total }, (_, i) => i));
  // The tail of one frame goes alone, as an object.
  assert.equal(JSON.parse(socket.sent[2]).length, 3);
});

Deno.test("outbox bounds each array frame by size", async () => {
  const socket = new FakeSocket();
  const outbox = new FrameOutbox(socket, { maxQueued: 1 << 22 });
  const big = JSON.stringify({ text: "x".repeat(40_000) });
  outbox.push(big);
  outbox.push(big);
  outbox.push(big);
  await turn();
  // 40 KB each: no two fit in one 64 KiB frame.
  assert.deepEqual(socket.sent, [big, big, big]);
});

Deno.test("outbox with batching off sends one frame per event", async () => {
  const socket = new FakeSocket();
  const outbox = new FrameOutbox(socket, { batch: false });
  outbox.push('{"id":1}');
  outbox.push('{"id":2}');
  await turn();
  assert.deepEqual(socket.sent, ['{"id":1}', '{"id":2}']);
});

Deno.test("outbox drops a peer whose unsent and queued bytes pass the bound", async () => {
  const socket = new FakeSocket();
  let overflows = 0;
  const outbox = new FrameOutbox(socket, {
    maxQueued: 100,
    onOverflow: () => overflows++,
  });
  socket.bufferedAmount = 90;
  outbox.push('{"id":1}');
  outbox.push('{"id":2}');
  outbox.push('{"id":3}');
  await turn();
  assert.equal(overflows, 1);
  assert.deepEqual(socket.sent, []);
});

Deno.test("unpackFrames reads an object frame and an array frame alike", () => {
  assert.deepEqual(unpackFrames('{"type":"hello"}'), [{ type: "hello" }]);
  assert.deepEqual(unpackFrames('[{"type":"a"},{"type":"b"}]'), [
    { type: "a" },
    { type: "b" },
  ]);
});

Deno.test("ws server batches a burst into array frames, in order, and ?batch=0 opts out", async () => {
  // Flood control off: the burst is the point.
  const session = new Session(new MemoryBackend(), {
    pbkdf2Iterations: 1000,
    idleTimeoutMs: 0,
    limits: { msgRate: 0 },
  });
  const web = serveWeb(session, {
    port: 0,
    secret: "batch-secret",
    engine: testEngine(),
  });
  await web.listening;
  const base = `127.0.0.1:${web.addr.port}`;
  const token = async (name: string) => {
    await session.register(name, "password-1", `${name}@example.org`);
    const res = await fetch(`http://${base}/api/login`, {
      method: "POST",
      body: JSON.stringify({ name, password: "password-1" }),
      headers: { "content-type": "application/json" },
    });
    return (await res.json()).token;
  };
  const open = async (name: string, query = "") => {
    const client = await WsClient.open(`ws://${base}/ws${query}`);
    client.send({ type: "auth", token: await token(name) });
    await client.expect(frame("hello", { name }));
    return client;
  };
  const alice = await open("alice");
  const bob = await open("bob");
  const carol = await open("carol", "?batch=0");
  try {
    const count = 20;
    // Sent back to back, the frames reach the server in few reads, so its
    // deliveries to each socket pile up within a turn.
    for (let i = 0; i < count; i++) {
      alice.send({ type: "say", text: `m${i}` });
    }
    await bob.expect(frame("message", { text: `m${count - 1}` }));
    await carol.expect(frame("message", { text: `m${count - 1}` }));
    const texts = (c: WsClient) =>
      c.frames.filter((f) => f.type === "message").map((f) => f.text);
    const want = Array.from({ length: count }, (_, i) => `m${i}`);
    assert.deepEqual(texts(bob), want);
    assert.deepEqual(texts(carol), want);
    // Bob got fewer text frames than events: some were arrays.
    const arrays = bob.raw.filter((r) => r.startsWith("["));
    assert.ok(arrays.length > 0, `no array frame in ${bob.raw.length} frames`);
    assert.ok(bob.raw.length < count + 1);
    // Carol asked for one object per frame.
    assert.ok(carol.raw.every((r) => r.startsWith("{")));
  } finally {
    await Promise.all([alice.close(), bob.close(), carol.close()]);
    await web.close();
    session.close();
  }
});
