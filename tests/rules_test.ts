import assert from "node:assert/strict";
import { MemoryBackend } from "../lib/backends/memory.ts";
import {
  accessOf,
  checkCredentials,
  decideRequest,
  historyWindow,
  isMessageId,
  isOwner,
  MAX_MESSAGE_ID,
  mayUse,
  registerAccount,
  sha256Hex,
} from "../lib/chat/mod.ts";
import { ReadMarkers } from "../lib/chat/actions/read_markers.ts";
import { TEST_ITERATIONS } from "./conformance.ts";

const HASHING = { iterations: TEST_ITERATIONS };
// WebCrypto refuses 0 iterations: a derivation with these throws, which
// shows whether a rule derives a key or not, without timing anything.
const NO_DERIVING = { iterations: 0 };

Deno.test("historyWindow reads every query into one clamped id range", () => {
  const max = MAX_MESSAGE_ID;
  const cases: [Parameters<typeof historyWindow>[0], unknown][] = [
    [undefined, { from: 1, to: max, forward: false, limit: 50 }],
    [{ limit: 500 }, { from: 1, to: max, forward: false, limit: 200 }],
    [{ limit: -3 }, { from: 1, to: max, forward: false, limit: 1 }],
    [{ before: 10 }, { from: 1, to: 9, forward: false, limit: 50 }],
    [{ before: 5.5 }, { from: 1, to: 4, forward: false, limit: 50 }],
    [{ before: Infinity }, { from: 1, to: max, forward: false, limit: 50 }],
    [{ before: Number.NaN }, { from: 1, to: max, forward: false, limit: 50 }],
    [{ before: 1 }, null],
    [{ before: -Infinity }, null],
    [{ after: 7 }, { from: 8, to: max, forward: true, limit: 50 }],
    [{ after: 2.5 }, { from: 3, to: max, forward: true, limit: 50 }],
    [{ after: -9 }, { from: 1, to: max, forward: true, limit: 50 }],
    [{ after: -Infinity }, { from: 1, to: max, forward: true, limit: 50 }],
    [{ after: Infinity }, null],
    [{ after: max }, null],
    [{ after: 3, before: 2 }, { from: 4, to: max, forward: true, limit: 50 }],
  ];
  for (const [query, window] of cases) {
    assert.deepEqual(historyWindow(query), window, JSON.stringify(query));
  }
});

Deno.test("isMessageId accepts positive safe integers only", () => {
  for (const id of [1, 42, MAX_MESSAGE_ID]) assert.ok(isMessageId(id));
  for (const id of [0, -1, 1.5, Number.NaN, Infinity, MAX_MESSAGE_ID + 1]) {
    assert.ok(!isMessageId(id), String(id));
  }
});

Deno.test("isOwner and accessOf compare names in any case", () => {
  const channel = { owner: "Olga" };
  assert.ok(isOwner(channel, "OLGA"));
  assert.ok(!isOwner(channel, "olgb"));
  assert.equal(accessOf(channel, "oLGa", { state: "pending" }), "owner");
  assert.ok(mayUse(accessOf(channel, "gus", { state: "granted" })));
  assert.ok(!mayUse(accessOf(channel, "gus", { state: "denied" })));
});

Deno.test("registerAccount refuses a taken name before hashing", async () => {
  const backend = new MemoryBackend();
  const passwordSha256 = await sha256Hex("pw");
  const first = await registerAccount(backend, {
    name: "alice",
    passwordSha256,
    email: "a@x.io",
  }, HASHING);
  assert.ok(first.ok);
  const again = await registerAccount(backend, {
    name: "ALICE",
    passwordSha256,
    email: "b@x.io",
  }, NO_DERIVING);
  assert.deepEqual(again, { ok: false, reason: "taken" });
  // A free name is hashed, so the same options fail there.
  await assert.rejects(
    registerAccount(backend, { name: "bob", passwordSha256, email: "" }, {
      iterations: 0,
    }),
  );
  assert.equal(await backend.hasParticipant("bob"), false);
});

Deno.test("checkCredentials derives a key for unknown names too", async () => {
  const backend = new MemoryBackend();
  const passwordSha256 = await sha256Hex("pw");
  // Had it answered without deriving, this would resolve a failure.
  await assert.rejects(
    checkCredentials(backend, { name: "ghost", passwordSha256 }, NO_DERIVING),
  );
  assert.deepEqual(
    await checkCredentials(backend, { name: "ghost", passwordSha256 }, HASHING),
    { ok: false, reason: "invalid_credentials" },
  );
});

Deno.test("decideRequest refuses a non-owner before reading any request", async () => {
  const backend = new MemoryBackend();
  await backend.registerChannel("den", "olga");
  backend.recordDecision = () => {
    throw new Error("a non-owner's decision reached the requests");
  };
  for (const requester of ["gus", "nobody"]) {
    assert.deepEqual(
      await decideRequest(backend, {
        channel: "den",
        requester,
        by: "sam",
        grant: true,
      }),
      { ok: false, reason: "forbidden" },
    );
  }
});

Deno.test("ReadMarkers.markRead ignores ids no message can have", async () => {
  const backend = new MemoryBackend();
  const markers = new ReadMarkers(backend, { run: (_, work) => work() });
  const reader = { name: "alice" };
  await markers.markRead(reader, null, 3);
  for (const id of [0, -2, 4.5, Number.NaN, Infinity]) {
    await markers.markRead(reader, null, id);
  }
  assert.equal(await backend.getReadMarker("alice", null), 3);
  await markers.markRead(reader, null, 4);
  assert.equal(await backend.getReadMarker("alice", null), 4);
});
