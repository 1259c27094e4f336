import assert from "node:assert/strict";
import { said, startServerProcess, wsLogin } from "./_support/mod.ts";

async function register(httpPort: number, name: string): Promise<void> {
  const origin = `http://127.0.0.1:${httpPort}`;
  const res = await fetch(`${origin}/register`, {
    method: "POST",
    redirect: "manual",
    headers: { origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      name,
      password: `${name}-password`,
      email: `${name}@x.io`,
    }),
  });
  await res.body?.cancel();
  assert.equal(res.status, 303, `register ${name}`);
}

Deno.test("Deploy configuration serves the WebSocket path on KV with no telnet listener", async () => {
  const dir = await Deno.makeTempDir();
  // What Deno Deploy sets; CHAT_KV_PATH stands in for Deploy's shared database.
  const env = { DENO_DEPLOY: "1", CHAT_KV_PATH: `${dir}/deploy.kv` };
  const server = await startServerProcess([], { env, telnet: false });
  const sockets = [];
  try {
    assert.equal(server.telnetPort, 0, "no telnet listener on Deploy");
    const port = server.httpPort!;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.deepEqual(await health.json(), {
      ok: true,
      backend: "ok",
      bus: "ok",
    });
    await register(port, "dina");
    await register(port, "dave");
    const dina = await wsLogin(port, "dina", "dina-password");
    const dave = await wsLogin(port, "dave", "dave-password");
    sockets.push(dina, dave);
    dina.send({ type: "say", text: "deployed" });
    await dave.expect(said("deployed"));
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
