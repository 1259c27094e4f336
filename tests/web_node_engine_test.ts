/**
 * The node HTTP engine (`lib/web/serve_node.ts`) serves the same app as
 * `Deno.serve`: pages, cookies, the body cap and WebSockets, over real
 * sockets.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { frame, said, startServer, WsClient } from "./_support/mod.ts";
import { writeResponse } from "../lib/web/node_bridge.ts";

Deno.test("node engine serves a page, sets the session cookie, answers 413 for a big body and upgrades a WebSocket", async () => {
  const server = await startServer({ engine: "node" });
  const clients: WsClient[] = [];
  try {
    await server.web.listening;
    const page = await fetch(`${server.httpBase}/login`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form/);
    assert.match(page.headers.get("content-security-policy") ?? "", /self/);
    const registered = await fetch(`${server.httpBase}/register`, {
      method: "POST",
      body: new URLSearchParams({
        name: "nodey",
        password: "password-1",
        email: "nodey@example.org",
      }),
      headers: { origin: server.httpBase },
      redirect: "manual",
    });
    await registered.body?.cancel();
    assert.equal(registered.status, 303);
    const cookie = registered.headers.getSetCookie()[0] ?? "";
    assert.match(cookie, /^parley_session=[^;]+; .*HttpOnly/);
    const big = await fetch(`${server.httpBase}/api/login`, {
      method: "POST",
      body: JSON.stringify({ name: "nodey", password: "x".repeat(100_000) }),
      headers: { "content-type": "application/json" },
    });
    assert.equal(big.status, 413);
    assert.equal((await big.json()).error.code, "too_long");
    // The cookie signs the socket in, through the same route as Deno.serve.
    const ws = await WsClient.open(
      `ws://127.0.0.1:${server.web.addr.port}/ws`,
      {
        headers: { cookie: cookie.split(";")[0] },
      },
    );
    clients.push(ws);
    await ws.expect(frame("hello", { name: "nodey" }));
    const bob = await server.member("bob");
    ws.send({ type: "say", text: "over node:http" });
    await bob.expect("<nodey> over node:http");
    await ws.expect(said("over node:http"));
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  }
});

Deno.test("node engine writes every Set-Cookie of a response", async () => {
  const server = http.createServer((_req, res) => {
    const headers = new Headers({ "content-type": "text/plain" });
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; Path=/");
    void writeResponse(res, new Response("two cookies", { headers }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(await res.text(), "two cookies");
    assert.deepEqual(res.headers.getSetCookie(), [
      "a=1; Path=/",
      "b=2; Path=/",
    ]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
