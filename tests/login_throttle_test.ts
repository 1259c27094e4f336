import assert from "node:assert/strict";
import { Gatekeeper } from "../lib/chat/throttle/gatekeeper.ts";
import { resolveLimits } from "../lib/chat/mod.ts";
import { assertBystanderChats, startServer } from "./_support/mod.ts";

Deno.test("login throttle cools a name down after 5 failures for 15 minutes", () => {
  let now = 0;
  const gate = new Gatekeeper(resolveLimits(), { now: () => now });
  for (let i = 0; i < 5; i++) {
    gate.checkLogin("Alice", "203.0.113.9");
    gate.loginFailed("alice", "203.0.113.9");
  }
  assert.throws(
    () => gate.checkLogin("ALICE"),
    {
      code: "throttled",
      message: "Too many failed logins; try again in 15 minutes",
    },
  );
  now += 14 * 60_000;
  assert.throws(() => gate.checkLogin("alice"), /try again in 1 minute$/);
  now += 60_000;
  gate.checkLogin("alice");
});

Deno.test("login throttle counts per address across names, but not for trusted addresses", () => {
  const gate = new Gatekeeper(resolveLimits({ loginFailuresPerAddress: 3 }));
  for (let i = 0; i < 3; i++) gate.loginFailed(`name${i}`, "198.51.100.7");
  assert.throws(() => gate.checkLogin("fresh", "198.51.100.7"), {
    code: "throttled",
  });
  gate.checkLogin("fresh", "198.51.100.8");
  for (let i = 0; i < 30; i++) gate.loginFailed(`n${i}`, "127.0.0.1");
  gate.checkLogin("other", "127.0.0.1");
});

Deno.test("login throttle refuses even the right password during the cool-down, same words for any name", async () => {
  const server = startServer();
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const mallory = await server.client();
    for (let i = 0; i < 5; i++) {
      await mallory.ask(`/login alice guess${i}`, "! Wrong name or password");
    }
    await mallory.ask(
      "/login alice alice-password",
      "! Too many failed logins; try again in 15 minutes",
    );
    // An unknown name answers exactly like a known one.
    await mallory.ask("/login nobody x", "! Wrong name or password");
    assert.ok(!mallory.closed, "throttling never disconnects");
    await assertBystanderChats(server, bob, "bob is not locked out");
  } finally {
    await server.close();
  }
});

Deno.test("login throttle answers 429 on the web login API", async () => {
  const server = startServer({ limits: { loginFailuresPerName: 2 } });
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
      if (status === 429) assert.equal(body.error.code, "throttled");
    }
    await assertBystanderChats(server, bob, "bob keeps chatting");
  } finally {
    await server.close();
  }
});

Deno.test("registration throttle limits new accounts per address", () => {
  const gate = new Gatekeeper(resolveLimits({ registrationsPerHour: 2 }));
  gate.registered("192.0.2.1");
  gate.registered("192.0.2.1");
  assert.throws(() => gate.checkRegistration("192.0.2.1"), {
    code: "throttled",
    message: "Too many new accounts from your address; try again in 60 minutes",
  });
  gate.checkRegistration("192.0.2.2");
});
