import assert from "node:assert/strict";

// The load tool end to end, small: it starts Parley, fills a room over real
// sockets on both transports, steps the rate, and measures idle memory.
Deno.test("load tool runs a small fan-out and idle measurement against Parley", async () => {
  const out = await Deno.makeTempDir({ prefix: "parley_load_test_" });
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "bench/load.ts",
        ...["--scenarios", "fanout,idle", "--transport", "telnet,ws"],
        ...["--backend", "memory", "--no-baselines", "--clients", "6"],
        ...["--senders", "2", "--steps", "100,200", "--duration", "0.5"],
        ...["--drain", "2", "--retries", "0", "--idle", "20"],
        ...["--out", out, "--chart", `${out}/chart.svg`],
      ],
      cwd: new URL("..", import.meta.url),
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(run.stdout) +
      new TextDecoder().decode(run.stderr);
    assert.equal(run.code, 0, text);

    const report = JSON.parse(await Deno.readTextFile(`${out}/load.json`));
    assert.equal(report.fanout.length, 2);
    for (const target of report.fanout) {
      assert.equal(target.steps.length, 2, target.label);
      for (const step of target.steps) {
        // Every client receives every message: 0.5 s × rate × 6 clients.
        assert.equal(step.expected, step.rate / 2 * 6, target.label);
        assert.equal(step.received, step.expected, target.label);
        assert.ok(step.latency.p99 > 0, target.label);
      }
    }
    assert.deepEqual(
      report.idle.map((r: { label: string }) => r.label),
      ["parley-memory/telnet", "parley-memory/ws"],
    );
    for (const idle of report.idle) {
      assert.equal(idle.connections, 20);
      assert.equal(typeof idle.heapBytesPerConnection, "number", idle.label);
    }
    const markdown = await Deno.readTextFile(`${out}/load.md`);
    assert.match(markdown, /6 clients in one room, 2 of them sending/);
    assert.match(await Deno.readTextFile(`${out}/chart.svg`), /<svg/);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
