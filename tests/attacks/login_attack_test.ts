/**
 * Issue 13 items 1–4 against a real server, with real concurrency: every
 * request of a burst is sent at the same moment, each on its own
 * connection from the attacker's address.
 *
 * @module
 */
import assert from "node:assert/strict";
import { hashingLoad, hashPassword } from "../../lib/chat/mod.ts";
import { assertBystanderChats, startServer } from "../_support/mod.ts";
import {
  assertBystander,
  ATTACKER,
  COUNTED,
  formFrom,
  loginFrom,
  RawClient,
} from "./_from.ts";

Deno.test("attack 1: 30 parallel guesses for one name get 5 answers and 25 refusals, and no right password after", async () => {
  const server = await startServer({ limits: COUNTED });
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const replies = await Promise.all(
      Array.from(
        { length: 30 },
        (_, i) =>
          loginFrom(
            ATTACKER,
            server,
            "alice",
            i === 29 ? "alice-password" : `guess${i}`,
          ),
      ),
    );
    const counts = new Map<number, number>();
    for (const r of replies) {
      counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    }
    // Reserved before deriving: only 5 attempts were ever checked.
    assert.equal(
      (counts.get(401) ?? 0) + (counts.get(200) ?? 0),
      5,
      JSON.stringify([...counts]),
    );
    assert.equal(counts.get(429), 25);
    const late = await loginFrom(ATTACKER, server, "alice", "alice-password");
    assert.equal(late.status, 429, "the guesser's address stays locked");
    assert.ok(Number(late.headers["retry-after"]) > 0);
    await assertBystander(server, { name: "alice", withinMs: 2000 });
    await assertBystanderChats(server, bob, "bob chats through attack 1");
  } finally {
    await server.close();
  }
});

Deno.test("attack 2: 24 parallel failures for 4 names lock none of their owners out, on HTTP or telnet", async () => {
  const server = await startServer({ limits: COUNTED });
  const owners = ["ann", "ben", "cat", "dan"];
  const clients: RawClient[] = [];
  try {
    const bob = await server.member("bob");
    for (const name of owners) {
      await server.session.register(
        name,
        `${name}-password`,
        `${name}@example.com`,
      );
    }
    await Promise.all(
      owners.flatMap((name) =>
        Array.from(
          { length: 6 },
          (_, i) => loginFrom(ATTACKER, server, name, `x${i}`),
        )
      ),
    );
    // The owners, each from an address with no failures: through at once.
    for (const name of owners.slice(0, 3)) {
      await assertBystander(server, { name, withinMs: 2000 });
    }
    const telnet = await RawClient.connect("127.0.0.4", server.port);
    clients.push(telnet);
    await telnet.expect("Type a number");
    telnet.write("/login dan dan-password\r\n");
    await telnet.expect("Welcome, dan");
    await assertBystanderChats(server, bob, "bob chats through attack 2");
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  }
});

Deno.test("attack 3: 60 parallel bogus logins fill only their own lane; the rest are told busy with Retry-After", async () => {
  // Real derivation cost, and login limits out of the way: only the queue
  // (60 connections from one address would also pass the connection limit,
  // which the node engine applies before reading: attack 10's subject).
  const server = await startServer({
    pbkdf2Iterations: 100_000,
    limits: {
      ...COUNTED,
      loginFailuresPerName: 1000,
      loginFailuresPerAddress: 1000,
      maxConnectionsPerAddress: 100,
    },
  });
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const single = performance.now();
    assert.equal(
      (await loginFrom("127.0.0.5", server, "alice", "alice-password")).status,
      200,
    );
    const oneLogin = performance.now() - single;
    const burst = Promise.all(
      Array.from(
        { length: 60 },
        (_, i) => loginFrom(ATTACKER, server, `nobody${i}`, "x"),
      ),
    );
    // Wait until the burst is queued, then log in from elsewhere.
    while (hashingLoad().waiting === 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const started = performance.now();
    await assertBystander(server, { name: "alice", withinMs: 5000 });
    const waited = performance.now() - started;
    const replies = await burst;
    const busy = replies.filter((r) => r.status === 503);
    assert.ok(busy.length >= 50, `${busy.length} of 60 were told busy`);
    assert.ok(busy.every((r) => Number(r.headers["retry-after"]) >= 1));
    assert.ok(busy.every((r) => JSON.parse(r.body).error.code === "busy"));
    assert.ok(replies.every((r) => r.status === 503 || r.status === 401));
    // Round-robin: the bystander waits for at most a few derivations.
    assert.ok(
      waited < 6 * oneLogin + 500,
      `bystander waited ${waited.toFixed(0)} ms; one login takes ${
        oneLogin.toFixed(0)
      } ms`,
    );
    await assertBystanderChats(server, bob, "bob chats through attack 3");
  } finally {
    await server.close();
  }
});

Deno.test("attack 4: 25 parallel registrations from one address create exactly the 10 allowed", async () => {
  const server = await startServer({ limits: COUNTED });
  try {
    const bob = await server.member("bob");
    const replies = await Promise.all(
      Array.from(
        { length: 25 },
        (_, i) =>
          formFrom(ATTACKER, server, "/register", {
            name: `spam${i}`,
            password: "spam-password",
            email: `s${i}@example.com`,
          }),
      ),
    );
    const created = replies.filter((r) => r.status === 303).length;
    // The rest: over the limit (429), or past the derivation queue's
    // per-address bound (503); a refused one gives its reservation back.
    assert.ok(created <= 10, `${created} created`);
    assert.ok(
      replies.every((r) => [303, 429, 503].includes(r.status)),
      replies.map((r) => r.status).join(),
    );
    assert.ok(replies.some((r) => r.status === 429));
    // One at a time now: exactly up to the limit, never past it.
    const late: number[] = [];
    for (let i = 0; i < 12; i++) {
      late.push(
        (await formFrom(ATTACKER, server, "/register", {
          name: `late${i}`,
          password: "spam-password",
          email: `l${i}@example.com`,
        })).status,
      );
    }
    const stored = await server.backend.listParticipants({ limit: 200 });
    assert.equal(
      stored.items.filter((p) => /^(spam|late)/.test(p.name)).length,
      10,
      `burst ${replies.map((r) => r.status)}, then ${late}`,
    );
    await assertBystanderChats(server, bob, "bob chats through attack 4");
  } finally {
    await server.close();
  }
});

Deno.test("attack 3: a telnet login past the address's queue bound gets a busy line and the connection stays", async () => {
  const server = await startServer({ limits: COUNTED });
  const clients: RawClient[] = [];
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    // One running and four waiting in the attacker's lane: it is full.
    const held = Array.from(
      { length: 5 },
      () => hashPassword("x", { iterations: 300_000, requester: ATTACKER }),
    );
    const telnet = await RawClient.connect(ATTACKER, server.port);
    clients.push(telnet);
    await telnet.expect("Type a number");
    telnet.write("/login alice alice-password\r\n");
    await telnet.expect("! Server is busy; try again shortly");
    await Promise.all(held);
    telnet.write("/login alice alice-password\r\n");
    await telnet.expect("Welcome, alice");
    await assertBystanderChats(server, bob, "bob chats through a full lane");
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  }
});
