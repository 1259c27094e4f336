/**
 * Starts the server under test as a child process of the real `deno`
 * binary (never `npx`), so its PID is the server's and `/proc` measures it.
 *
 * @module
 */
import { startRedisServer } from "../../lib/dev/redis_server.ts";
import { pinnedCommand } from "./affinity.ts";
import { MEMORY_LINE } from "./gc_signal.ts";

/** Which server a run drives. */
export type ServerKind = "parley" | "bare-tcp" | "bare-ws";

/** How to start one server. */
export interface ServerSpec {
  kind: ServerKind;
  /** Parley's storage backend. */
  backend?: string;
  /** PBKDF2 cost for accounts created during setup. */
  pbkdf2Iterations?: number;
  /** Parley's entry point relative to the repository root; default `main.ts`. */
  entry?: string;
  /** Extra Parley flags, passed last. */
  args?: string[];
  /** V8 flags for the server's runtime, e.g. `--prof` to profile it. */
  v8Flags?: string;
  /** `taskset -c` list to run the server on; unset: wherever it lands. */
  cpus?: string;
}

/** What a server reported right after a full collection. */
export interface HeapReport {
  /** Live JS objects. */
  heapUsed: number;
  /** What V8 holds for its heap, used or not. */
  heapTotal: number;
  /** Memory outside the heap held by JS objects (ArrayBuffers, etc.). */
  external: number;
}

/**
 * Sends the server SIGUSR2 (a full GC, see `gc_signal.ts`), lets it run,
 * and answers the heap figures it printed, if it printed any.
 */
export async function collectGarbage(
  server: RunningServer,
): Promise<HeapReport | undefined> {
  const before = server.heap;
  try {
    Deno.kill(server.pid, "SIGUSR2");
  } catch { /* gone */ }
  for (let i = 0; i < 20 && server.heap === before; i++) await pause(100);
  // The collector's freed pages take a moment to leave the RSS.
  await pause(300);
  return server.heap === before ? undefined : server.heap;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A running server. */
export interface RunningServer {
  pid: number;
  telnetPort?: number;
  httpPort?: number;
  /** Extra flags passed to Parley, for the report. */
  flags: string[];
  /** The last heap report the server printed (see `collectGarbage`). */
  readonly heap?: HeapReport;
  /** SIGTERM, then SIGKILL after a grace period; cleans up backend files. */
  stop(): Promise<void>;
}

const ROOT = new URL("../../", import.meta.url);
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
let helpCache: string | undefined;

/** Parley's `--help` text, read once, to pass only flags it knows. */
export async function parleyHelp(entry = "main.ts"): Promise<string> {
  if (helpCache === undefined) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", entry, "--help"],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(START_TIMEOUT_MS),
    }).output();
    helpCache = new TextDecoder().decode(out.stdout);
  }
  return helpCache;
}

/** Starts the server and waits for its listening line(s). */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const cleanups: (() => Promise<void>)[] = [];
  let args: string[];
  const flags: string[] = [];
  if (spec.kind === "parley") {
    flags.push("--backend", spec.backend ?? "memory", "--idle-timeout", "0");
    if (spec.pbkdf2Iterations !== undefined) {
      flags.push("--pbkdf2-iterations", String(spec.pbkdf2Iterations));
    }
    // Flood control would cap the very rate being measured.
    if ((await parleyHelp(spec.entry)).includes("--msg-rate")) {
      flags.push("--msg-rate", "0");
    }
    flags.push(...await backendFlags(spec.backend ?? "memory", cleanups));
    flags.push(...spec.args ?? []);
    args = [
      "run",
      "-A",
      ...(spec.v8Flags ? [`--v8-flags=${spec.v8Flags}`] : []),
      // The default entry gets the collection hook; another is run as is.
      spec.entry === undefined || spec.entry === "main.ts"
        ? "bench/load/gc_entry.ts"
        : spec.entry,
      "--telnet-port",
      "0",
      "--port",
      "0",
    ];
  } else {
    const file = spec.kind === "bare-tcp"
      ? "baseline_tcp.ts"
      : "baseline_ws.ts";
    args = ["run", "--allow-net=127.0.0.1", `bench/${file}`];
  }
  // taskset execs the server, so the child's PID is still the server's.
  const command = pinnedCommand(
    Deno.execPath(),
    [...args, ...flags],
    spec.cpus,
  );
  const child = new Deno.Command(command.command, {
    args: command.args,
    cwd: ROOT,
    env: { NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  const ports: { telnet?: number; http?: number } = {};
  const wanted = spec.kind === "bare-ws" ? "http" : "telnet";
  const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
  try {
    while (ports[wanted] === undefined) {
      const { value, done } = await reader.read();
      if (done) {
        throw new Error(`${spec.kind} did not start:\n${out}\n${await stderr}`);
      }
      out += value;
      ports.telnet ??= port(out, "telnet");
      ports.http ??= port(out, "http");
    }
  } finally {
    clearTimeout(timer);
  }
  // Keep draining so a chatty log can never block the server on a full
  // pipe, keeping only the heap reports.
  let heap: HeapReport | undefined;
  const drained = (async () => {
    let carry = "";
    try {
      for (let read; !(read = await reader.read()).done;) {
        const lines = (carry + read.value).split("\n");
        carry = lines.pop()!;
        for (const line of lines) {
          if (!line.startsWith(MEMORY_LINE)) continue;
          heap = JSON.parse(line.slice(MEMORY_LINE.length));
        }
      }
    } catch { /* closed */ }
  })();
  return {
    pid: child.pid,
    telnetPort: ports.telnet,
    httpPort: ports.http,
    // Temporary paths differ per run and mean nothing in a report.
    flags: flags.map((f) => f.replace(/^\/tmp\/[^/]+\//, "<tmp>/")),
    get heap() {
      return heap;
    },
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      const killer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, STOP_GRACE_MS);
      await child.status;
      clearTimeout(killer);
      await drained;
      await stderr;
      for (const cleanup of cleanups) await cleanup();
    },
  };
}

function port(text: string, what: string): number | undefined {
  const m = text.match(new RegExp(`${what} listening on [\\d.]+:(\\d+)`));
  return m ? Number(m[1]) : undefined;
}

// Each run gets fresh storage, so earlier runs never change the result.
async function backendFlags(
  backend: string,
  cleanups: (() => Promise<void>)[],
): Promise<string[]> {
  if (backend === "kv") {
    const dir = await Deno.makeTempDir({ prefix: "parley_load_kv_" });
    cleanups.push(() => Deno.remove(dir, { recursive: true }));
    return ["--kv-path", `${dir}/load.kv`];
  }
  if (backend === "redis") {
    const redis = await startRedisServer();
    if (!redis) throw new Error("redis-server is not installed");
    cleanups.push(() => redis.close());
    return ["--redis-url", redis.url];
  }
  if (backend === "dynamodb") {
    throw new Error(
      "dynamodb needs a DynamoDB endpoint; run the history benches instead",
    );
  }
  return [];
}
