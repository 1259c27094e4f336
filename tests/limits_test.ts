import assert from "node:assert/strict";
import { CLOSE_LIMIT } from "../lib/web/ws.ts";
import {
  assertBystanderChats,
  frame,
  startServer,
  TelnetClient,
  WsClient,
} from "./_support/mod.ts";

for (const engine of ["node", "deno"] as const) {
  Deno.test(`limits refuse a connection over the per-address bound on both transports (${engine} engine)`, async () => {
    // Loopback is trusted by default; trust nobody here. The node engine
    // also counts the HTTP connection carol's login keeps alive.
    const limit = engine === "node" ? 4 : 3;
    const server = await startServer({
      engine,
      limits: { maxConnectionsPerAddress: limit, trustedAddresses: [] },
    });
    const extra: TelnetClient[] = [];
    try {
      const bob = await server.member("bob");
      await server.client();
      const ws = await server.ws("carol");
      const third = await TelnetClient.connect(server.port);
      extra.push(third);
      await third.expect(
        `! Too many connections from your address (at most ${limit})`,
      );
      await third.expectClosed();
      const url = `ws://127.0.0.1:${server.web.addr.port}/ws`;
      if (engine === "node") {
        // Counted at accept: refused with a 503 before the upgrade is read.
        await assert.rejects(WsClient.open(url), /Could not open/);
      } else {
        const refused = await WsClient.open(url);
        await refused.expect(frame("error", { code: "limit" }));
        assert.equal((await refused.closed).code, CLOSE_LIMIT);
      }
      await ws.close();
      // A freed slot is usable again.
      const again = await server.client();
      assert.ok(!again.closed);
      await assertBystanderChats(server, bob, "bob is still here");
    } finally {
      await Promise.all(extra.map((c) => c.close()));
      await server.close();
    }
  });
}

Deno.test("limits refuse connections past the total bound", async () => {
  const server = await startServer({ limits: { maxConnections: 2 } });
  const extra: TelnetClient[] = [];
  try {
    const bob = await server.member("bob");
    await server.client();
    const late = await TelnetClient.connect(server.port);
    extra.push(late);
    await late.expect("! Server is full; try again later");
    await late.expectClosed();
    await assertBystanderChats(server, bob, "bob is unaffected");
  } finally {
    await Promise.all(extra.map((c) => c.close()));
    await server.close();
  }
});

Deno.test("limits refuse an over-long message whole, never truncated", async () => {
  const server = await startServer({ limits: { maxMessageBytes: 100 } });
  try {
    const eve = await server.member("eve");
    const bob = await server.member("bob");
    await eve.ask("é".repeat(51), "! Message is 102 bytes; the limit is 100");
    const ws = await server.ws("wendy");
    ws.send({ type: "say", text: "x".repeat(101), ref: 1 });
    await ws.expect(frame("error", { code: "too_long", ref: 1 }));
    assert.equal((await server.backend.getChatHistory()).messages.length, 0);
    await assertBystanderChats(server, bob, "x".repeat(100));
  } finally {
    await server.close();
  }
});

Deno.test("limits cap pending requests per channel", async () => {
  const server = await startServer({ limits: { maxPendingPerChannel: 2 } });
  try {
    const olga = await server.member("olga");
    await olga.ask("/create club", "Created #club");
    for (const name of ["ann", "ben"]) {
      const c = await server.member(name);
      await c.ask("/request club", "Asked for access");
    }
    const cyd = await server.member("cyd");
    await cyd.ask(
      "/request club",
      "! #club has 2 requests waiting; try again later",
    );
    await olga.ask("/deny club ann", "Denied ann");
    await cyd.ask("/request club", "Asked for access");
    await assertBystanderChats(server, olga, "olga chats on");
  } finally {
    await server.close();
  }
});

Deno.test("limits registration per address over telnet", async () => {
  const server = await startServer({
    limits: { registrationsPerHour: 2, trustedAddresses: [] },
  });
  try {
    const a = await server.member("ann");
    await server.member("ben");
    const c = await server.client();
    await c.ask(
      "/register cyd cyd-password cyd@example.com",
      "! Too many new accounts from your address; try again in 60 minutes",
    );
    assert.equal(await server.backend.hasParticipant("cyd"), false);
    await assertBystanderChats(server, a, "ann is fine");
  } finally {
    await server.close();
  }
});

Deno.test("limits apply the configured name lengths to new names only", async () => {
  const server = await startServer({
    limits: { minNameLength: 4, maxNameLength: 8 },
  });
  try {
    const bob = await server.member("bobby");
    const c = await server.client();
    await c.ask(
      "/register abc pw a@x.io",
      "! Name must be 4 to 8 characters long",
    );
    await c.ask(
      "/register longername pw a@x.io",
      "! Name must be 4 to 8 characters long",
    );
    await bob.ask(
      "/create toolongname",
      "! Channel name must be 4 to 8 characters long",
    );
    await bob.ask("/create club", "Created #club");
    assert.equal(await server.backend.hasParticipant("longername"), false);
    // A name created under older, looser limits can still be looked up.
    await server.backend.registerChannel("a-much-longer-channel", "bobby");
    await bob.ask(
      "/join a-much-longer-channel",
      "You are in #a-much-longer-channel",
    );
    await bob.ask("/leave", "general chat");
    await assertBystanderChats(server, bob, "names are fine");
  } finally {
    await server.close();
  }
});
