import assert from "node:assert/strict";
import { Gatekeeper } from "../lib/chat/throttle/gatekeeper.ts";
import { FairQueue } from "../lib/chat/throttle/fair_queue.ts";
import { resolveLimits } from "../lib/chat/mod.ts";
import { assertBystanderChats, startServer } from "./_support/mod.ts";

const MALLORY = "203.0.113.9";
const OWNER = "198.51.100.20";

function gate(limits = {}) {
  let now = 0;
  const g = new Gatekeeper(resolveLimits(limits), { now: () => now });
  return { g, tick: (ms: number) => now += ms };
}

Deno.test("login throttle counts attempts in flight: the 6th parallel guess from one address is refused", () => {
  const { g } = gate();
  // Five reserved, none finished: they already count.
  for (let i = 0; i < 5; i++) g.reserveLogin("alice", MALLORY);
  assert.throws(() => g.reserveLogin("alice", MALLORY), {
    code: "throttled",
    message:
      "Too many failed logins from your address; try again in 15 minutes",
  });
});

Deno.test("login throttle releases a reservation on success", () => {
  const { g } = gate();
  for (let i = 0; i < 10; i++) g.reserveLogin("alice", OWNER).succeeded();
  g.reserveLogin("alice", OWNER);
});

Deno.test("login throttle locks the guessing address, never the owner's", () => {
  const { g, tick } = gate();
  for (let i = 0; i < 5; i++) g.reserveLogin("alice", MALLORY);
  assert.throws(() => g.reserveLogin("alice", MALLORY), /from your address/);
  // The owner's address has no failures: through at once, every time.
  for (let i = 0; i < 3; i++) g.reserveLogin("ALICE", OWNER).succeeded();
  // Mallory's other names are still open until the per-address limit.
  g.reserveLogin("bob", MALLORY);
  tick(15 * 60_000);
  g.reserveLogin("alice", MALLORY);
});

Deno.test("login throttle slows a name guessed from many addresses, doubling, at most a minute", () => {
  const { g, tick } = gate();
  // Five addresses fail once each, then come back: they are not clean now.
  for (let i = 0; i < 5; i++) g.reserveLogin("alice", `192.0.2.${i}`);
  assert.throws(() => g.reserveLogin("alice", "192.0.2.1"), {
    code: "throttled",
    message: "Too many failed logins for this name; try again in 1 second",
  });
  tick(1000);
  g.reserveLogin("alice", "192.0.2.1");
  assert.throws(() => g.reserveLogin("alice", "192.0.2.2"), /in 2 seconds$/);
  // Each round a different address, dirtied by one failure elsewhere.
  const dirty = (i: number) => {
    const address = `198.18.0.${i}`;
    g.reserveLogin("someone", address);
    return address;
  };
  for (let i = 0; i < 10; i++) {
    tick(60_000);
    g.reserveLogin("alice", dirty(i));
  }
  assert.throws(() => g.reserveLogin("alice", dirty(99)), /in 60 seconds$/);
  // A clean address, and the right password from it, still get through.
  g.reserveLogin("alice", OWNER).succeeded();
});

Deno.test("login throttle counts per address across names, but not for trusted addresses", () => {
  const { g } = gate({ loginFailuresPerAddress: 3 });
  for (let i = 0; i < 3; i++) g.reserveLogin(`name${i}`, "198.51.100.7");
  assert.throws(() => g.reserveLogin("fresh", "198.51.100.7"), {
    code: "throttled",
  });
  g.reserveLogin("fresh", "198.51.100.8");
  for (let i = 0; i < 30; i++) g.reserveLogin(`n${i}`, "127.0.0.1");
  g.reserveLogin("other", "127.0.0.1");
});

Deno.test("registration throttle reserves before creating, and takes back what was not created", () => {
  const { g } = gate({ registrationsPerHour: 2 });
  const undo = g.reserveRegistration("192.0.2.1");
  g.reserveRegistration("192.0.2.1");
  assert.throws(() => g.reserveRegistration("192.0.2.1"), {
    code: "throttled",
    message: "Too many new accounts from your address; try again in 60 minutes",
  });
  undo();
  g.reserveRegistration("192.0.2.1");
  g.reserveRegistration("192.0.2.2");
});

Deno.test("fair queue serves lanes round-robin and refuses past its bounds", async () => {
  const queue = new FairQueue({
    concurrency: 1,
    maxWaiting: 5,
    maxWaitingPerLane: 3,
  });
  const order: string[] = [];
  const gates: (() => void)[] = [];
  const job = (lane: string, id: string) =>
    queue.run(async () => {
      order.push(id);
      await new Promise<void>((r) => gates.push(r));
    }, { lane });
  const runs = [job("a", "a0"), job("a", "a1"), job("a", "a2"), job("a", "a3")];
  await assert.rejects(job("a", "a4"), { code: "busy" });
  runs.push(job("b", "b1"), job("b", "b2"));
  await assert.rejects(job("c", "c1"), (e: Error & { code?: string }) => {
    assert.equal(e.code, "busy");
    assert.ok((e as { retryAfterSeconds?: number }).retryAfterSeconds! >= 1);
    return true;
  });
  while (order.length < 6 || gates.length > 0) {
    await new Promise((r) => setTimeout(r, 1));
    gates.shift()?.();
  }
  await Promise.all(runs);
  // b1 went right after the job running when it came, not after all of a.
  assert.deepEqual(order, ["a0", "a1", "b1", "a2", "b2", "a3"]);
  assert.deepEqual(queue.load, { active: 0, waiting: 0 });
});

Deno.test("login throttle answers the owner's right password over telnet while a guesser is locked", async () => {
  const server = await startServer();
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const mallory = await server.client();
    for (let i = 0; i < 5; i++) {
      await mallory.ask(`/login alice guess${i}`, "! Wrong name or password");
    }
    // Loopback is trusted here, so the per-name slow-down is what applies.
    await mallory.ask(
      "/login alice alice-password",
      "! Too many failed logins for this name; try again in 1 second",
    );
    await mallory.ask("/login nobody x", "! Wrong name or password");
    assert.ok(!mallory.closed, "throttling never disconnects");
    await assertBystanderChats(server, bob, "bob is not locked out");
  } finally {
    await server.close();
  }
});

Deno.test("login throttle answers 429 with Retry-After on the web login API", async () => {
  const server = await startServer({
    limits: { loginFailuresPerName: 2, trustedAddresses: [] },
  });
  try {
    const bob = await server.member("bob");
    const login = (password: string) =>
      fetch(`${server.httpBase}/api/login`, {
        method: "POST",
        body: JSON.stringify({ name: "bob", password }),
        headers: { "content-type": "application/json" },
      });
    for (const status of [401, 401, 429]) {
      const res = await login("wrong");
      assert.equal(res.status, status);
      const body = await res.json();
      if (status === 429) {
        assert.equal(body.error.code, "throttled");
        assert.equal(res.headers.get("retry-after"), "900");
      }
    }
    await assertBystanderChats(server, bob, "bob keeps chatting");
  } finally {
    await server.close();
  }
});
