import assert from "node:assert/strict";
import { openKvBackend } from "../lib/backends/kv.ts";
import { channelKey } from "../lib/backends/kv_keys.ts";
import {
  ask,
  backendConformance,
  decide,
  login,
  register,
} from "./conformance.ts";

backendConformance(
  "Deno KV",
  () => Promise.resolve({ open: () => openKvBackend({ path: ":memory:" }) }),
);

backendConformance("Deno KV (file)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "parley_kv_" });
  let n = 0;
  return {
    // A new file per open keeps cases isolated; the directory goes at close.
    open: () => openKvBackend({ path: `${dir}/db${n++}/parley.kv` }),
    close: () => Deno.remove(dir, { recursive: true }),
  };
});

Deno.test("Deno KV backend keeps data across reopen", async () => {
  const dir = await Deno.makeTempDir({ prefix: "parley_kv_" });
  const path = `${dir}/parley.kv`;
  const options = { path };
  try {
    const first = await openKvBackend(options);
    try {
      await register(first, "Alice", "pw", "a@x.io");
      await first.registerChannel("Club", "Alice");
      await ask(first, "club", "bob");
      await decide(first, "club", "bob", "alice", true);
      await ask(first, "club", "carl");
      await first.storeMessage({
        sender: "Alice",
        sentAt: 1,
        text: "hello",
        channel: null,
      });
      await first.storeMessage({
        sender: "bob",
        sentAt: 2,
        text: "inside",
        channel: "Club",
      });
    } finally {
      await first.close();
    }

    const second = await openKvBackend(options);
    try {
      const again = await login(second, "alice", "pw");
      assert.ok(again.ok);
      assert.equal(again.value.name, "Alice");
      assert.equal((await second.getChannel("CLUB"))?.owner, "Alice");
      assert.equal(await second.isMember("club", "bob"), true);
      assert.deepEqual(
        (await second.listPendingRequests("alice")).items.map((r) =>
          r.requester
        ),
        ["carl"],
      );
      assert.deepEqual((await second.getChatHistory()).messages, [
        { id: 1, sender: "Alice", sentAt: 1, text: "hello", channel: null },
      ]);
      const next = await second.storeMessage({
        sender: "bob",
        sentAt: 3,
        text: "again",
        channel: "club",
      });
      assert.equal(next.id, 2, "ids continue after reopen");
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Deno KV backend numbers messages uniquely across handles", async () => {
  // Two handles on one file stand in for two server processes: only the
  // head-key check, not the in-process queue, keeps their ids apart.
  const dir = await Deno.makeTempDir({ prefix: "parley_kv_" });
  const a = await openKvBackend({ path: `${dir}/parley.kv` });
  const b = await openKvBackend({ path: `${dir}/parley.kv` });
  try {
    const sent = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).storeMessage({
          sender: "amy",
          sentAt: i,
          text: `m${i}`,
          channel: "Room",
        })),
    );
    const ids = sent.map((m) => m.id).sort((x, y) => x - y);
    assert.deepEqual(ids, Array.from({ length: 40 }, (_, i) => i + 1));
    const page = await b.getChannelHistory("room", { limit: 100 });
    assert.deepEqual(page.messages.map((m) => m.id), ids);
  } finally {
    await a.close();
    await b.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Deno KV backend leaves a borrowed database open", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const backend = await openKvBackend({ kv });
    await backend.registerChannel("lounge", "amy");
    await backend.close();
    assert.equal((await kv.get(channelKey("Lounge"))).value !== null, true);
  } finally {
    kv.close();
  }
});

Deno.test("Deno KV backend refuses a forged list cursor", async () => {
  const backend = await openKvBackend({ path: ":memory:" });
  try {
    await assert.rejects(
      backend.listChannels({ after: "not a cursor!" }),
      { name: "ChatError" },
    );
  } finally {
    await backend.close();
  }
});
