/**
 * Issue 13 items 5, 10 and 11 against a real server: huge and endless
 * bodies in parallel, slow request headers and HTTP connections per
 * address (node engine), wrong content types and malformed upgrades.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Logger } from "../../lib/chat/mod.ts";
import {
  assertBystanderChats,
  said,
  startServer,
  until,
} from "../_support/mod.ts";
import {
  assertBystander,
  ATTACKER,
  BYSTANDER,
  COUNTED,
  httpFrom,
  RawClient,
} from "./_from.ts";

function capture(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    logger: {
      info() {},
      error: (event, fields) =>
        errors.push(`${event} ${JSON.stringify(fields)}`),
    },
  };
}

// Streams a chunked body of up to `total` bytes from the attacker's
// address, as fast as the server reads, until it answers; returns the
// status line and how many bytes went out.
async function streamBody(
  server: { httpBase: string },
  path: string,
  type: string,
  total: number,
): Promise<{ status: string; sent: number }> {
  const port = Number(new URL(server.httpBase).port);
  const c = await RawClient.connect(ATTACKER, port);
  try {
    c.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Origin: ${server.httpBase}\r\nContent-Type: ${type}\r\n` +
        "Transfer-Encoding: chunked\r\n\r\n",
    );
    const chunk = new TextEncoder().encode(
      `10000\r\n${"a".repeat(0x10000)}\r\n`,
    );
    let sent = 0;
    while (
      sent < total && !c.text.includes("HTTP/1.1") && !c.socket.destroyed
    ) {
      sent += 0x10000;
      if (!c.socket.write(chunk)) {
        await new Promise((r) => {
          const id = setTimeout(r, 50);
          c.socket.once("drain", () => {
            clearTimeout(id);
            r(null);
          });
        });
      }
    }
    await c.expect(/^HTTP\/1\.1 \d+/, 3000);
    return { status: c.text.split("\r\n")[0], sent };
  } finally {
    await c.close();
  }
}

Deno.test("attack 5: a declared 100 MB body is refused 413 before it is read, JSON or form", async () => {
  const server = await startServer({ limits: COUNTED });
  const clients: RawClient[] = [];
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const port = new URL(server.httpBase).port;
    for (
      const [path, type] of [
        ["/api/login", "application/json"],
        ["/login", "application/x-www-form-urlencoded"],
      ]
    ) {
      const c = await RawClient.connect(ATTACKER, Number(port));
      clients.push(c);
      c.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          `Origin: ${server.httpBase}\r\nContent-Type: ${type}\r\n` +
          "Content-Length: 104857600\r\n\r\n{",
      );
      await c.expect(/^HTTP\/1\.1 413 /, 2000);
    }
    await assertBystander(server, { name: "alice", withinMs: 2000 });
    await assertBystanderChats(server, bob, "bob chats through attack 5");
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  }
});

Deno.test("attack 5: 20 parallel streamed 20 MB bodies are cut off at 8 KB and memory stays flat", async () => {
  const server = await startServer({ limits: COUNTED });
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const before = Deno.memoryUsage().rss;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        streamBody(
          server,
          i % 2 ? "/login" : "/api/login",
          i % 2 ? "application/x-www-form-urlencoded" : "application/json",
          20 * 1024 * 1024,
        )),
    );
    const grown = (Deno.memoryUsage().rss - before) / 1024 / 1024;
    const sent = results.reduce((sum, r) => sum + r.sent, 0);
    assert.deepEqual(
      new Set(results.map((r) => r.status)),
      new Set(["HTTP/1.1 413 Payload Too Large"]),
    );
    // 400 MB were offered; what went out is what the kernel buffered.
    assert.ok(sent < 100 * 1024 * 1024, `${sent} bytes went out`);
    assert.ok(grown < 64, `RSS grew ${grown.toFixed(0)} MB`);
    await assertBystander(server, { name: "alice", withinMs: 2000 });
    await assertBystanderChats(
      server,
      bob,
      "bob chats through streamed bodies",
    );
  } finally {
    await server.close();
  }
});

Deno.test("attack 11: wrong content types get 415, bad JSON 400, bad upgrades 400, and no error is logged", async () => {
  const { logger, errors } = capture();
  const server = await startServer({ limits: COUNTED, logger });
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const post = (path: string, type: string, body: string) =>
      httpFrom(ATTACKER, server.httpBase + path, {
        method: "POST",
        headers: { origin: server.httpBase, "content-type": type },
        body,
      });
    const json = '{"name":"alice","password":"x"}';
    const cases = await Promise.all([
      post("/login", "application/json", json),
      post("/register", "text/plain", "name=x"),
      post("/api/login", "application/x-www-form-urlencoded", "name=alice"),
      post("/api/login", "text/plain", json),
      post("/api/login", "application/json", "{not json"),
      post("/login", "multipart/form-data; boundary=x", "garbage"),
    ]);
    assert.deepEqual(cases.map((r) => r.status), [
      415,
      415,
      415,
      415,
      400,
      400,
    ]);
    assert.match(cases[0].body, /application\/x-www-form-urlencoded/);
    assert.equal(
      JSON.parse(cases[2].body).error.message,
      "Send JSON with Content-Type: application/json",
    );
    const upgrade = (headers: Record<string, string>) =>
      httpFrom(ATTACKER, `${server.httpBase}/ws`, {
        headers: { upgrade: "websocket", connection: "Upgrade", ...headers },
      });
    const bad = await Promise.all([
      upgrade({ "sec-websocket-version": "13" }),
      upgrade({ "sec-websocket-version": "13", "sec-websocket-key": "short" }),
      upgrade({ "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" }),
    ]);
    assert.deepEqual(bad.map((r) => r.status), [400, 400, 400]);
    assert.match(bad[0].body, /Sec-WebSocket-Key/);
    assert.deepEqual(errors, []);
    await assertBystander(server, { name: "alice", withinMs: 2000 });
    await assertBystanderChats(server, bob, "bob chats through attack 11");
  } finally {
    await server.close();
  }
});

// Every address counts, loopback too: the node engine's per-address limit.
const NOBODY_TRUSTED = { trustedAddresses: [] };

// `work`, or a failure once `ms` have passed.
async function within<T>(ms: number, what: string, work: Promise<T>) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

// A complete request on a fresh connection from `from`; the status line.
async function statusFrom(from: string, port: number): Promise<string> {
  const c = await RawClient.connect(from, port);
  try {
    c.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await c.expect(/^HTTP\/1\.1 \d+/, 3000);
    return c.text.split("\r\n")[0];
  } finally {
    await c.close();
  }
}

Deno.test("attack 10: 30 connections sending half a request header are all closed within the header timeout, and their slots come back", async () => {
  const server = await startServer({
    engine: "node",
    headerTimeoutSeconds: 1,
    limits: { ...NOBODY_TRUSTED, maxConnectionsPerAddress: 40 },
  });
  const clients: RawClient[] = [];
  try {
    await server.web.listening;
    const port = server.web.addr.port;
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const before = Deno.memoryUsage().rss;
    clients.push(
      ...await Promise.all(
        Array.from({ length: 30 }, () => RawClient.connect(ATTACKER, port)),
      ),
    );
    const started = performance.now();
    for (const c of clients) {
      c.write(`GET /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    }
    await within(
      5_000,
      "half headers closed",
      Promise.all(clients.map((c) => c.closed)),
    );
    const ms = performance.now() - started;
    // 1 s, plus Node's check every 250 ms, plus a margin for a busy machine.
    assert.ok(ms < 2_500, `closed after ${ms.toFixed(0)} ms`);
    assert.ok(ms > 800, `closed after ${ms.toFixed(0)} ms, before the timeout`);
    for (const c of clients) assert.match(c.text, /^HTTP\/1\.1 408 /);
    // Every slot is free again: 40 more connections at once all get in.
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () => statusFrom(ATTACKER, port)),
    );
    assert.deepEqual(new Set(statuses), new Set(["HTTP/1.1 200 OK"]));
    const grown = (Deno.memoryUsage().rss - before) / 1024 / 1024;
    assert.ok(grown < 32, `RSS grew ${grown.toFixed(0)} MB`);
    await assertBystander(server, { name: "alice", withinMs: 2000 });
    await assertBystanderChats(server, bob, "bob chats through attack 10");
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  }
});

Deno.test("attack 10: HTTP connections past the per-address limit are refused, while a bystander gets the login page and chats over a WebSocket", async () => {
  const server = await startServer({
    engine: "node",
    limits: { ...NOBODY_TRUSTED, maxConnectionsPerAddress: 5 },
  });
  const held: RawClient[] = [];
  try {
    await server.web.listening;
    const port = server.web.addr.port;
    const bob = await server.member("bob");
    // Five silent connections from the attacker take every slot it has.
    for (let i = 0; i < 5; i++) {
      held.push(await RawClient.connect(ATTACKER, port));
    }
    const refused = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const c = await RawClient.connect(ATTACKER, port);
        held.push(c);
        await within(2_000, "refusal", c.closed);
        return c.text;
      }),
    );
    for (const text of refused) {
      assert.match(text, /^HTTP\/1\.1 503 /);
      assert.match(
        text,
        /Too many connections from your address \(at most 5\)/,
      );
    }
    // The bystander's page and chat work all the while.
    const page = await httpFrom(BYSTANDER, `${server.httpBase}/login`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<form/);
    const carol = await server.ws("carol");
    carol.send({ type: "say", text: "carol chats through attack 10" });
    await bob.expect("<carol> carol chats through attack 10");
    await carol.expect(said("carol chats through attack 10"));
    await assertBystanderChats(server, bob, "bob chats through attack 10");
    // Gone, the attacker's connections give their slots back.
    await Promise.all(held.splice(0).map((c) => c.close()));
    await until(
      async () => (await statusFrom(ATTACKER, port)) === "HTTP/1.1 200 OK",
      "the attacker's slots are free again",
    );
  } finally {
    await Promise.all(held.map((c) => c.close()));
    await server.close();
  }
});
