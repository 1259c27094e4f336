/**
 * Soak test (not part of `deno task test`): mixed telnet traffic against a
 * real server process on Redis for `--minutes` (default 15), with Redis
 * stopped and restarted under it and the server killed with SIGKILL and
 * restarted once. It ends with a full history audit: every acknowledged
 * message (echoed back to its sender, which happens only after it was
 * stored) must be in the history exactly once.
 *
 *     deno run -A bench/soak.ts --minutes 1
 *
 * @module
 */
import { parseArgs } from "node:util";
import { openRedisBackend } from "../lib/backends/redis.ts";
import { startRedisServer } from "../lib/dev/redis_server.ts";
import {
  type ServerProcess,
  startServerProcess,
} from "../lib/dev/server_process.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    minutes: { type: "string", default: "15" },
    clients: { type: "string", default: "12" },
  },
});
const minutes = Number(values.minutes);
const clientCount = Number(values.clients);
const encoder = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const redis = await startRedisServer({ persistent: true });
if (!redis) throw new Error("redis-server is not installed");
const args = [
  "--backend",
  "redis",
  "--redis-url",
  redis.url,
  "--msg-rate",
  "0",
];
let server: ServerProcess = await startServerProcess(args);
const acked = new Set<string>();
const stats = { sent: 0, acked: 0, refused: 0, timeouts: 0, reconnects: 0 };
const endAt = Date.now() + minutes * 60_000;

/** One participant: sends a line, waits for its echo or an error. */
async function participant(name: string): Promise<void> {
  let seq = 0;
  let registered = false;
  while (Date.now() < endAt) {
    let conn: Deno.TcpConn;
    try {
      conn = await Deno.connect({
        hostname: "127.0.0.1",
        port: server.telnetPort,
      });
    } catch {
      await sleep(500);
      continue;
    }
    let text = "";
    let wake = () => {};
    const reading = (async () => {
      const buf = new Uint8Array(65536);
      const decoder = new TextDecoder();
      try {
        while (true) {
          const n = await conn.read(buf);
          if (n === null) break;
          // Keep only the tail: the soak must not grow memory itself.
          text = (text + decoder.decode(buf.subarray(0, n))).slice(-65536);
          wake();
        }
      } catch { /* reset */ }
      text += "\u0000closed";
      wake();
    })();
    const waitFor = async (re: RegExp, ms: number) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const m = text.match(re);
        if (m) return m[0];
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
      return null;
    };
    try {
      const auth = registered ? "login" : "register";
      const extra = registered ? "" : ` ${name}@example.com`;
      await conn.write(
        encoder.encode(`/${auth} ${name} ${name}-password${extra}\r\n`),
      );
      // deno-lint-ignore no-control-regex
      const ok = await waitFor(/Welcome|!.*\r\n|\u0000closed/, 10_000);
      if (!ok?.startsWith("Welcome")) {
        if (ok?.includes("already taken")) registered = true;
        throw new Error("not logged in");
      }
      registered = true;
      while (Date.now() < endAt) {
        const line = `soak ${name} ${seq++} ${"x".repeat(seq % 200)}`;
        text = "";
        stats.sent++;
        await conn.write(encoder.encode(line + "\r\n"));
        const got = await waitFor(
          new RegExp(`<${name}> ${line}\\r\\n|! .*\\r\\n|\\u0000closed`),
          10_000,
        );
        if (got === null) stats.timeouts++;
        else if (got.startsWith("<")) {
          acked.add(line);
          stats.acked++;
        } else if (got.startsWith("!")) stats.refused++;
        else break;
        await sleep(50 + Math.random() * 250);
      }
    } catch {
      // Reconnect below.
    } finally {
      try {
        conn.close();
      } catch { /* closed */ }
      await reading;
    }
    stats.reconnects++;
    await sleep(300);
  }
}

/** Faults: Redis stops for a few seconds; once, the server is SIGKILLed. */
async function faults(): Promise<void> {
  const period = Math.max(20_000, (endAt - Date.now()) / 4);
  let round = 0;
  while (Date.now() + period < endAt) {
    await sleep(period);
    if (round++ % 2 === 0) {
      console.log(`${new Date().toISOString()} fault: redis down 3 s`);
      await redis!.stop();
      await sleep(3000);
      await redis!.restart();
    } else {
      console.log(`${new Date().toISOString()} fault: server SIGKILL`);
      await server.stop("SIGKILL");
      server = await startServerProcess(args);
    }
  }
}

const started = Date.now();
await Promise.all([
  faults(),
  ...Array.from({ length: clientCount }, (_, i) => participant(`soaker${i}`)),
]);
await server.stop();

// The audit: page through the whole general chat history.
const backend = await openRedisBackend({ url: redis.url });
const seen = new Map<string, number>();
let before: number | undefined;
while (true) {
  const page = await backend.getChatHistory({ limit: 200, before });
  for (const m of page.messages) seen.set(m.text, (seen.get(m.text) ?? 0) + 1);
  if (!page.hasMore || page.messages.length === 0) break;
  before = page.messages[0].id;
}
await backend.close();
await redis.close();

const missing = [...acked].filter((t) => !seen.has(t));
const doubled = [...seen].filter(([, n]) => n > 1).map(([t]) => t);
console.log(JSON.stringify({
  minutes: (Date.now() - started) / 60_000,
  ...stats,
  stored: seen.size,
  missing: missing.length,
  duplicated: doubled.length,
}));
if (missing.length || doubled.length || acked.size === 0) {
  console.error("audit FAILED", {
    missing: missing.slice(0, 5),
    doubled: doubled.slice(0, 5),
  });
  Deno.exit(1);
}
console.log("audit ok: every acknowledged message is stored exactly once");
