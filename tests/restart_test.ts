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

Deno.test("Deno KV server keeps accounts, channels, grants and messages across a restart", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assertSurvivesRestart([
      "--backend",
      "kv",
      "--kv-path",
      `${dir}/chat.kv`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DynamoDB server keeps accounts, channels, grants and messages across a restart", async () => {
  const dynalite = await startDynalite();
  try {
    await assertSurvivesRestart(["--backend", "dynamodb"], {
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
  "Redis server keeps accounts, channels, grants and messages across a restart",
  {
    ignore: await skipWithoutRedis(),
  },
  async () => {
    const redis = await startRedisServer();
    assert.ok(redis, "redis-server is not installed");
    try {
      await assertSurvivesRestart([
        "--backend",
        "redis",
        "--redis-url",
        redis.url,
      ]);
    } finally {
      await redis.stop();
    }
  },
);
