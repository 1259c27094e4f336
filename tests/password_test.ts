import assert from "node:assert/strict";
import {
  HASH_CONCURRENCY,
  hashingLoad,
  hashPassword,
  sha256Hex,
  timingSafeEqual,
  verifyPassword,
} from "../lib/chat/mod.ts";

Deno.test("sha256Hex digests like the SHA-256 standard", async () => {
  assert.equal(
    await sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

Deno.test("hashPassword stores a salted PBKDF2 hash, never the digest", async () => {
  const digest = await sha256Hex("secret");
  const one = await hashPassword(digest, { iterations: 1000 });
  const two = await hashPassword(digest, { iterations: 1000 });
  assert.match(one, /^pbkdf2-sha256\$1000\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
  assert.notEqual(one, two, "each hash has its own salt");
  assert.ok(!one.includes(digest));
});

Deno.test("hashPassword defaults to 600 000 iterations", async () => {
  const stored = await hashPassword(await sha256Hex("x"));
  assert.equal(stored.split("$")[1], "600000");
});

Deno.test("verifyPassword accepts the right digest only", async () => {
  const stored = await hashPassword(await sha256Hex("secret"), {
    iterations: 1000,
  });
  assert.equal(await verifyPassword(await sha256Hex("secret"), stored), true);
  assert.equal(await verifyPassword(await sha256Hex("Secret"), stored), false);
  assert.equal(
    await verifyPassword(await sha256Hex("secret"), null, { iterations: 1000 }),
    false,
  );
  assert.equal(
    await verifyPassword(await sha256Hex("secret"), "garbage", {
      iterations: 1000,
    }),
    false,
  );
});

Deno.test("timingSafeEqual compares whole arrays", () => {
  assert.equal(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2)), true);
  assert.equal(
    timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3)),
    false,
  );
  assert.equal(
    timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0)),
    false,
  );
});

Deno.test("hashPassword runs at most HASH_CONCURRENCY derivations at once and queues the rest", async () => {
  const digests = await Promise.all(
    Array.from({ length: 12 }, (_, i) => sha256Hex(`pw${i}`)),
  );
  let done = false;
  let maxActive = 0;
  let maxWaiting = 0;
  const sampling = (async () => {
    while (!done) {
      const load = hashingLoad();
      maxActive = Math.max(maxActive, load.active);
      maxWaiting = Math.max(maxWaiting, load.waiting);
      await new Promise((r) => setTimeout(r, 0));
    }
  })();
  const stored = await Promise.all(
    digests.map((d) => hashPassword(d, { iterations: 20_000 })),
  );
  done = true;
  await sampling;
  assert.ok(maxActive <= HASH_CONCURRENCY, `${maxActive} ran at once`);
  assert.ok(maxWaiting > 0, "the burst queued");
  const checks = await Promise.all(
    digests.map((d, i) => verifyPassword(d, stored[i])),
  );
  assert.deepEqual(checks, digests.map(() => true));
  assert.deepEqual(hashingLoad(), { active: 0, waiting: 0 });
});
