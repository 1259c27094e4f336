import assert from "node:assert/strict";
import { createLogger } from "../lib/log.ts";
import { createChatMetrics, MetricsRegistry } from "../lib/metrics/mod.ts";
import { assertBystanderChats, startServer } from "./_support/mod.ts";

Deno.test("metrics registry renders Prometheus text", () => {
  const r = new MetricsRegistry();
  r.counter("x_total", "Things", "kind").inc('a"b');
  r.gauge("g", "Level", () => 3);
  r.histogram("h_seconds", "Time", { buckets: [0.1, 1] }).observe(0.5);
  assert.equal(
    r.text(),
    [
      "# HELP x_total Things",
      "# TYPE x_total counter",
      'x_total{kind="a\\"b"} 1',
      "# HELP g Level",
      "# TYPE g gauge",
      "g 3",
      "# HELP h_seconds Time",
      "# TYPE h_seconds histogram",
      'h_seconds_bucket{le="0.1"} 0',
      'h_seconds_bucket{le="1"} 1',
      'h_seconds_bucket{le="+Inf"} 1',
      "h_seconds_sum 0.5",
      "h_seconds_count 1",
      "",
    ].join("\n"),
  );
});

Deno.test("metrics and JSON logs report connects, throttling, auth failures and deliveries", async () => {
  const lines: Record<string, unknown>[] = [];
  const chat = createChatMetrics();
  const server = await startServer({
    metrics: chat.metrics,
    exposition: chat.registry,
    logger: createLogger({
      format: "json",
      write: (line) => lines.push(JSON.parse(line)),
    }),
  });
  chat.watch(server.session);
  try {
    const bob = await server.member("bob");
    const eve = await server.member("eve");
    const guest = await server.client();
    await guest.ask("/login bob nope", "Wrong name or password");
    for (let i = 0; i < 7; i++) await eve.send(`hi ${i}`);
    await eve.expect("Slow down");
    await assertBystanderChats(server, bob, "hello metrics");
    const res = await fetch(`${server.httpBase}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    for (
      const expected of [
        'parley_connections{transport="telnet"} 3',
        'parley_connections_total{transport="telnet"} 3',
        'parley_throttled_total{kind="message"}',
        "parley_auth_failures_total 1",
        'parley_messages_in_total{transport="telnet"} 6',
        "parley_messages_out_total 12",
        'parley_backend_seconds_bucket{action="Message not sent",le="+Inf"} 6',
      ]
    ) assert.ok(text.includes(expected), `${expected} in\n${text}`);
    const events = lines.map((l) => l.event);
    for (const e of ["connect", "auth_failed", "throttled", "register"]) {
      assert.ok(events.includes(e), `${e} logged`);
    }
    const health = await fetch(`${server.httpBase}/healthz`);
    assert.equal((await health.json()).ok, true);
  } finally {
    await server.close();
  }
  assert.ok(
    lines.some((l) => l.event === "disconnect" && l.reason === "shutdown"),
  );
});
