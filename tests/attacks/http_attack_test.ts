/**
 * Issue 13 items 5 and 11 against a real server: huge and endless bodies
 * in parallel, wrong content types and malformed upgrades.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Logger } from "../../lib/chat/mod.ts";
import { assertBystanderChats, startServer } from "../_support/mod.ts";
import {
  assertBystander,
  ATTACKER,
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
  const server = startServer({ limits: COUNTED });
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
  const server = startServer({ limits: COUNTED });
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
  const server = startServer({ limits: COUNTED, logger });
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
