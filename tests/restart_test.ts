import assert from "node:assert/strict";
import {
  skipWithoutRedis,
  startDynalite,
  startRedisServer,
  startServerProcess,
  TelnetClient,
} from "./_support/mod.ts";

/** Runs the persistence scenario against a backend chosen by `args`. */
export async function assertSurvivesRestart(
  args: string[],
  env?: Record<string, string>,
): Promise<void> {
  let server = await startServerProcess(args, { env });
  const clients: TelnetClient[] = [];
  const connect = (port: number) => TelnetClient.atMenu(port, clients);
  try {
    const owner = await connect(server.telnetPort);
    await owner.ask(
      "/register olga olga-password olga@example.com",
      "Welcome, olga",
    );
    await owner.ask("/create vault", "Created #vault");
    const guest = await connect(server.telnetPort);
    await guest.ask(
      "/register gus gus-password gus@example.com",
      "Welcome, gus",
    );
    await guest.ask("/request vault", "Asked for access");
    await owner.ask("/grant vault gus", "gus may now use #vault");
    await owner.ask("public words", "<olga> public words");
    await owner.ask("/join vault", "You are in #vault");
    await owner.ask("private words", "#vault <olga> private words");

    const from = owner.text.length;
    assert.equal(await server.stop(), 0);
    await owner.expect("server restarting", { from });
    await Promise.all(clients.map((c) => c.close()));

    server = await startServerProcess(args, { env });
    const back = await connect(server.telnetPort);
    await back.ask("/login gus wrong", "Wrong name or password");
    await back.ask("/login gus gus-password", "Welcome, gus");
    await back.ask("/history", "<olga> public words");
    await back.ask("/channels", "#vault (owner olga)");
    await back.ask("/join vault", "You are in #vault");
    await back.ask("/history", "#vault <olga> private words");
    await back.ask("/who", "olga");
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  }
}

/**
 * Signs in twice over HTTP, logs one sign-in out, restarts the server
 * (without `CHAT_SESSION_SECRET`: the key is the stored one) and checks
 * that the kept sign-in still works and the revoked one does not.
 */
export async function assertSignInsSurviveRestart(
  args: string[],
  env: Record<string, string> = {},
): Promise<void> {
  const options = { env: { ...env, CHAT_SESSION_SECRET: "" } };
  let server = await startServerProcess(args, options);
  const base = () => `http://127.0.0.1:${server.httpPort}`;
  const post = async (
    path: string,
    fields: Record<string, string>,
    cookie = "",
  ) => {
    const res = await fetch(base() + path, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { origin: base(), ...(cookie ? { cookie } : {}) },
      redirect: "manual",
    });
    await res.body?.cancel();
    assert.equal(res.status, 303, `${path} redirects`);
    return res.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  };
  const history = async (cookie: string) => {
    const res = await fetch(`${base()}/api/history`, { headers: { cookie } });
    await res.body?.cancel();
    return res.status;
  };
  try {
    const kept = await post("/register", {
      name: "sam",
      password: "sam-password",
      email: "sam@example.com",
    });
    const revoked = await post("/login", {
      name: "sam",
      password: "sam-password",
    });
    assert.match(kept, /^parley_session=/);
    assert.notEqual(kept, revoked);
    await post("/logout", {}, revoked);
    assert.equal(await history(kept), 200);
    assert.equal(await history(revoked), 401);

    assert.equal(await server.stop(), 0);
    server = await startServerProcess(args, options);
    assert.equal(await history(kept), 200, "a sign-in survives the restart");
    assert.equal(await history(revoked), 401, "a logout survives it too");
  } finally {
    await server.stop();
  }
}

/**
 * Registers one test per persistent backend (KV, DynamoDB on dynalite,
 * Redis) that runs `scenario` with the server arguments and environment
 * choosing it.
 */
const noRedis = await skipWithoutRedis();

function onPersistentBackends(
  what: string,
  scenario: (args: string[], env?: Record<string, string>) => Promise<void>,
): void {
  Deno.test(`Deno KV server ${what}`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      await scenario(["--backend", "kv", "--kv-path", `${dir}/chat.kv`]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`DynamoDB server ${what}`, async () => {
    const dynalite = await startDynalite();
    try {
      await scenario(["--backend", "dynamodb"], {
        DYNAMODB_ENDPOINT: dynalite.endpoint,
        DYNAMODB_TABLE: `restart_${crypto.randomUUID().slice(0, 8)}`,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
      });
    } finally {
      await dynalite.stop();
    }
  });

  Deno.test(
    `Redis server ${what}`,
    { ignore: noRedis },
    async () => {
      const redis = await startRedisServer();
      assert.ok(redis, "redis-server is not installed");
      try {
        await scenario(["--backend", "redis", "--redis-url", redis.url]);
      } finally {
        await redis.stop();
      }
    },
  );
}

onPersistentBackends(
  "keeps accounts, channels, grants and messages across a restart",
  assertSurvivesRestart,
);

onPersistentBackends(
  "keeps sign-ins and logouts across a restart, with the stored key",
  assertSignInsSurviveRestart,
);

/** Runs the moderation and direct-message persistence scenario on a backend. */
export async function assertModerationSurvivesRestart(
  args: string[],
  env?: Record<string, string>,
): Promise<void> {
  let server = await startServerProcess(args, { env });
  const clients: TelnetClient[] = [];
  const connect = (port: number) => TelnetClient.atMenu(port, clients);
  const member = async (port: number, name: string, register: boolean) => {
    const c = await connect(port);
    const cmd = register
      ? `/register ${name} ${name}-password ${name}@example.com`
      : `/login ${name} ${name}-password`;
    await c.ask(cmd, `Welcome, ${name}`);
    return c;
  };
  try {
    const olga = await member(server.telnetPort, "olga", true);
    await olga.ask("/create vault", "Created #vault");
    const bob = await member(server.telnetPort, "bob", true);
    await bob.ask("/request vault", "Asked for access");
    await olga.ask("/grant vault bob", "bob may now use #vault");
    const carl = await member(server.telnetPort, "carl", true);
    await olga.ask("/ban vault carl", "* Banned carl from #vault");
    await bob.ask("/block carl", "* You block carl");
    await bob.ask("/quit", "Bye");
    await bob.expectClosed();
    await olga.ask("/msg bob kept across the restart", "<olga -> bob> kept");
    await carl.ask("/quit", "Bye");

    assert.equal(await server.stop(), 0);
    await Promise.all(clients.map((c) => c.close()));

    server = await startServerProcess(args, { env });
    const port = server.telnetPort;
    const carlBack = await member(port, "carl", false);
    await carlBack.ask("/request vault", "! You are banned from #vault");
    await carlBack.ask("/msg bob hello?", "! Message not sent to bob");
    const bobBack = await member(port, "bob", false);
    await bobBack.expect("* 1 new direct message from olga; /dm olga");
    await bobBack.ask("/dm olga", "* 1 new message since you were last here");
    await bobBack.ask("/history", "<olga -> bob> kept across the restart");
    await bobBack.ask("/members vault", / {4}olga \(owner\)\r\n {2}\+ bob/);
    const olgaBack = await member(port, "olga", false);
    await olgaBack.ask("/bans vault", /Banned from #vault:\r\n {2}carl/);
    await olgaBack.ask("/dms", "  bob");
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  }
}

onPersistentBackends(
  "keeps bans, blocks and direct messages across a restart",
  assertModerationSurvivesRestart,
);
