/**
 * What the node HTTP engine costs next to Deno.serve (docs/security.md):
 * for each engine, a real `main.ts` process on the memory backend, its
 * resident memory per idle signed-in WebSocket, the time of a plain GET
 * on a kept-alive connection, and a WebSocket round trip.
 *
 *     deno run -A bench/http_engines.ts [--sockets 500] [--gets 2000]
 *
 * @module
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sockets: { type: "string", default: "500" },
    gets: { type: "string", default: "2000" },
  },
});
const SOCKETS = Number(values.sockets);
const GETS = Number(values.gets);
const ROOT = new URL("../", import.meta.url);

async function start(engine: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "--backend",
      "memory",
      "--port",
      "0",
      "--telnet-port",
      "off",
      "--http-engine",
      engine,
      "--pbkdf2-iterations",
      "1000",
      "--max-connections-per-address",
      "0",
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/listening on [\d.]+:(\d+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server ended: ${text}`);
    text += value;
  }
  const port = Number(text.match(/listening on [\d.]+:(\d+)/)![1]);
  // Keep reading so the child never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done);
  })();
  return { child, port };
}

async function rssKiB(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(engine: string) {
  const { child, port } = await start(engine);
  const base = `http://127.0.0.1:${port}`;
  try {
    const form = new URLSearchParams({
      name: "bencher",
      password: "password-1",
      email: "b@example.org",
    });
    await (await fetch(`${base}/register`, {
      method: "POST",
      body: form,
      headers: { origin: base },
      redirect: "manual",
    })).body?.cancel();
    const login = await fetch(`${base}/api/login`, {
      method: "POST",
      body: JSON.stringify({ name: "bencher", password: "password-1" }),
      headers: { "content-type": "application/json" },
    });
    const { token } = await login.json();
    // Warm up, then time sequential GETs of the login page.
    for (let i = 0; i < 200; i++) await (await fetch(`${base}/login`)).text();
    const times: number[] = [];
    for (let i = 0; i < GETS; i++) {
      const t = performance.now();
      await (await fetch(`${base}/login`)).text();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    await pause(500);
    const before = await rssKiB(child.pid);
    const sockets: WebSocket[] = [];
    for (let i = 0; i < SOCKETS; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => ws.send(JSON.stringify({ type: "auth", token }));
        ws.onmessage = (e) => {
          if (String(e.data).includes('"hello"')) resolve();
        };
        ws.onerror = () => reject(new Error("socket failed"));
      });
      ws.onmessage = null;
      sockets.push(ws);
    }
    // One round trip on the last socket: `say` to the lobby and its echo.
    const last = sockets.at(-1)!;
    const trips: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await new Promise<void>((resolve) => {
        last.onmessage = (e) => {
          if (String(e.data).includes(`rt-${i}"`)) resolve();
        };
        last.send(
          JSON.stringify({ type: "history", limit: 1, ref: `rt-${i}` }),
        );
      });
      trips.push(performance.now() - t);
    }
    trips.sort((a, b) => a - b);
    await pause(1000);
    const after = await rssKiB(child.pid);
    for (const ws of sockets) ws.close();
    return {
      engine,
      getMedianMs: median.toFixed(3),
      getMeanMs: mean.toFixed(3),
      wsRoundTripMedianMs: trips[100].toFixed(3),
      kibPerSocket: ((after - before) / SOCKETS).toFixed(1),
    };
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

const rows = [];
for (const engine of ["deno", "node", "deno", "node"]) {
  rows.push(await measure(engine));
}
console.table(rows);
