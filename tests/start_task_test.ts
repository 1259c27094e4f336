/**
 * `deno task start` against the README's options: with the task's own
 * permission flags, every option works, or start-up ends with one line
 * saying what to run instead.
 *
 * @module
 */
import assert from "node:assert/strict";
import { OPTIONS } from "../lib/config_options.ts";
import { START_FLAGS } from "../lib/config_permissions.ts";
import {
  serverCommand,
  skipWithoutRedis,
  startDynalite,
  startRedisServer,
  startServerProcess,
} from "./_support/mod.ts";

const noRedis = await skipWithoutRedis();

Deno.test("start task runs main.ts with the flags the permission check assumes", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  );
  const run = config.tasks.start.split("&&").at(-1).trim();
  assert.equal(run, ["deno", "run", ...START_FLAGS, "main.ts"].join(" "));
});

Deno.test("start task serves with every documented option set", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Each flag at its documented default, on the default KV backend.
    const args = OPTIONS.flatMap((o) =>
      o.flag === "no-create-table"
        ? [`--${o.flag}`]
        : [`--${o.flag}`, o.default]
    );
    const server = await startServerProcess(
      args.concat(
        ["--telnet-port", "0", "--port", "0", "--pbkdf2-iterations", "1000"],
      ),
      { permissions: START_FLAGS, cwd: dir },
    );
    assert.ok(server.httpPort && server.telnetPort);
    assert.equal(await server.stop(), 0);
    assert.ok((await Deno.stat(`${dir}/data/parley.kv`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("start task refuses a --kv-path outside ./data in one line that says what to run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const kvPath = `${dir}/elsewhere/chat.kv`;
    const { code, stdout, stderr } = await serverCommand(
      ["--kv-path", kvPath],
      { permissions: START_FLAGS, cwd: dir },
    ).output();
    const err = new TextDecoder().decode(stderr);
    assert.equal(code, 2, err);
    assert.equal(new TextDecoder().decode(stdout), "");
    assert.equal(err.trimEnd().split("\n").length, 1, err);
    assert.doesNotMatch(err, /NotCapable|Uncaught|\bat /);
    const match = err.match(
      /^parley: --kv-path .+; run instead: (deno run .+)$/m,
    );
    assert.ok(match, err);
    assert.match(
      match[1],
      new RegExp(`--allow-write=./data,${dir}/elsewhere `),
    );

    // What it says to run works.
    const words = match[1].split(" ");
    const server = await startServerProcess(["--kv-path", kvPath], {
      permissions: words.slice(2, words.indexOf("main.ts")),
      cwd: dir,
    });
    assert.equal(await server.stop(), 0);
    assert.ok((await Deno.stat(kvPath)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "start task serves on Redis",
  ignore: noRedis,
  async fn() {
    const redis = await startRedisServer();
    assert.ok(redis, "redis-server is not installed");
    try {
      const server = await startServerProcess(
        ["--backend", "redis", "--redis-url", redis.url],
        { permissions: START_FLAGS },
      );
      assert.equal(await server.stop(), 0);
    } finally {
      await redis.close();
    }
  },
});

Deno.test("start task serves on DynamoDB", async () => {
  const dynamo = await startDynalite();
  try {
    const server = await startServerProcess(["--backend", "dynamodb"], {
      permissions: START_FLAGS,
      env: {
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        AWS_REGION: "local",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    });
    assert.equal(await server.stop(), 0);
  } finally {
    await dynamo.stop();
  }
});

Deno.test("start reports a port in use in one line", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { code, stderr } = await serverCommand(
      ["--backend", "memory", "--port", String(taken.addr.port)],
      { permissions: START_FLAGS },
    ).output();
    const err = new TextDecoder().decode(stderr);
    assert.equal(code, 1, err);
    assert.match(
      err,
      new RegExp(
        `^parley: could not start: http on 127.0.0.1:${taken.addr.port}: .+$`,
        "m",
      ),
    );
    assert.doesNotMatch(err, /Uncaught|\bat /);
  } finally {
    taken.close();
  }
});
