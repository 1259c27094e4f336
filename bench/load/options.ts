/**
 * Command-line options of `bench/load.ts`; defaults keep a full run to a
 * few minutes, `--quick` to well under one.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuList, onlineCpus } from "./affinity.ts";

/** The measurements a run can make. */
export type Scenario = "fanout" | "idle" | "login" | "burst";
const SCENARIOS: Scenario[] = ["fanout", "idle", "login", "burst"];

/** Every setting of a load run. */
export interface LoadOptions {
  rates: number[];
  clients: number;
  /** How many of the clients send (the first ones); 0 means every one. */
  senders: number;
  durationMs: number;
  drainMs: number;
  p99LimitMs: number;
  retries: number;
  payloadBytes: number;
  backends: string[];
  transports: ("telnet" | "ws")[];
  baselines: boolean;
  scenarios: Set<Scenario>;
  idleSizes: number[];
  loginRounds: number;
  /** Chat rate of the login-burst scenario, msgs/s in total. */
  burstRate: number;
  /** Full-cost logins arriving at once in the login-burst scenario. */
  burstLogins: number;
  pbkdf2Iterations: number;
  outDir: string;
  chartPath: string;
  /** Parley's entry point, e.g. a branch's; default main.ts. */
  entry: string;
  /** Extra flags for every Parley server, e.g. to lift a new limit. */
  serverArgs: string[];
  /** V8 flags for every Parley server, e.g. to profile it. */
  serverV8Flags?: string;
  /** `taskset -c` list for every server started; unset: not pinned. */
  serverCpus?: string;
  /** `taskset -c` list the tool re-runs itself on; unset: not pinned. */
  toolCpus?: string;
  help: boolean;
}

/** The `--help` text. */
export const USAGE =
  `Parley load test: fan-out steps, idle memory, logins, vs bare Deno servers.

Usage: deno task bench [options]   (or deno run -A bench/load.ts)

  --steps 100,500,…       total send rates in msgs/s (default 100…64000)
  --clients N             clients in the room, every one a receiver (50)
  --senders N             how many of them send, 0 for all (10)
  --duration S            seconds of sending per step (3)
  --drain S               longest wait for late deliveries per step (3)
  --p99-limit MS          stop once p99 passes this (100)
  --retries N             runs of a failing step before stopping (1)
  --payload-bytes N       message text size (64)
  --backend a,b           Parley backends: memory, kv, redis (memory,kv)
  --transport t,u         telnet, ws (telnet,ws; ws skips if the server has no HTTP)
  --no-baselines          skip the bare Deno TCP and WebSocket servers
  --scenarios a,b         fanout, idle, login, burst (all)
  --idle 1000,10000       idle connection counts for memory per connection
  --login-rounds N        logins per concurrency level and slot (4)
  --burst-rate N          chat msgs/s during the login burst (200)
  --burst-logins N        full-PBKDF2 logins arriving at once (50)
  --pbkdf2-iterations N   PBKDF2 cost for fan-out and idle accounts (1000)
  --out DIR               where load.json and load.md go (bench/results)
  --chart FILE            the SVG chart (docs/benchmarks.svg)
  --entry FILE            Parley's entry point (main.ts)
  --server-arg "--f v"    extra Parley flags, repeatable (e.g. to lift a limit)
  --server-v8-flags F     V8 flags for Parley, e.g. "--prof,--logfile=/tmp/p.log"
  --server-cpus LIST      run each server under taskset -c LIST (e.g. 0)
  --tool-cpus LIST        re-run this tool under taskset -c LIST (e.g. 1)
  --quick                 20 clients, 4 steps of 1.5 s, 1 000 idle, 1 login round
`;

/** Parses `args`; throws a `TypeError` on a bad value. */
export function parseOptions(args: string[]): LoadOptions {
  const { values: v } = parseArgs({
    args,
    strict: true,
    options: {
      steps: { type: "string" },
      clients: { type: "string" },
      senders: { type: "string" },
      duration: { type: "string" },
      drain: { type: "string" },
      "p99-limit": { type: "string" },
      retries: { type: "string" },
      "payload-bytes": { type: "string" },
      backend: { type: "string" },
      transport: { type: "string" },
      "no-baselines": { type: "boolean" },
      scenarios: { type: "string" },
      idle: { type: "string" },
      "login-rounds": { type: "string" },
      "burst-rate": { type: "string" },
      "burst-logins": { type: "string" },
      "pbkdf2-iterations": { type: "string" },
      out: { type: "string" },
      chart: { type: "string" },
      entry: { type: "string" },
      "server-arg": { type: "string", multiple: true },
      "server-v8-flags": { type: "string" },
      "server-cpus": { type: "string" },
      "tool-cpus": { type: "string" },
      quick: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const quick = v.quick ?? false;
  const toolCpus = v["tool-cpus"] === undefined
    ? undefined
    : cpuList(v["tool-cpus"], "tool-cpus");
  // Children inherit affinity: with only the tool pinned, the servers it
  // starts get every online CPU back explicitly.
  const serverCpus = v["server-cpus"] === undefined
    ? (toolCpus === undefined ? undefined : onlineCpus())
    : cpuList(v["server-cpus"], "server-cpus");
  const transports = list(v.transport ?? "telnet,ws");
  for (const t of transports) {
    if (t !== "telnet" && t !== "ws") {
      throw new TypeError(`Unknown transport ${t}`);
    }
  }
  const scenarios = list(v.scenarios ?? SCENARIOS.join(","));
  for (const s of scenarios) {
    if (!(SCENARIOS as string[]).includes(s)) {
      throw new TypeError(`Unknown scenario ${s}`);
    }
  }
  return {
    rates: numbers(
      v.steps ??
        (quick
          ? "100,500,1000,2000"
          : "100,500,1000,2000,4000,8000,16000,32000,64000"),
    ),
    clients: count(v.clients ?? (quick ? "20" : "50"), "clients", 2),
    senders: count(v.senders ?? "10", "senders", 0),
    durationMs: seconds(v.duration ?? (quick ? "1.5" : "3"), "duration"),
    drainMs: seconds(v.drain ?? (quick ? "2" : "3"), "drain"),
    p99LimitMs: count(v["p99-limit"] ?? "100", "p99-limit", 1),
    retries: count(v.retries ?? "1", "retries", 0),
    payloadBytes: count(v["payload-bytes"] ?? "64", "payload-bytes", 40),
    backends: list(v.backend ?? "memory,kv"),
    transports: transports as ("telnet" | "ws")[],
    baselines: !v["no-baselines"],
    scenarios: new Set(scenarios as Scenario[]),
    idleSizes: numbers(v.idle ?? (quick ? "1000" : "1000,10000")),
    loginRounds: count(
      v["login-rounds"] ?? (quick ? "1" : "4"),
      "login-rounds",
      1,
    ),
    burstRate: count(v["burst-rate"] ?? "200", "burst-rate", 1),
    burstLogins: count(
      v["burst-logins"] ?? (quick ? "10" : "50"),
      "burst-logins",
      1,
    ),
    pbkdf2Iterations: count(
      v["pbkdf2-iterations"] ?? "1000",
      "pbkdf2-iterations",
      1,
    ),
    outDir: v.out ?? "bench/results",
    chartPath: v.chart ?? "docs/benchmarks.svg",
    entry: v.entry ?? "main.ts",
    serverArgs: (v["server-arg"] ?? []).flatMap((a) => a.split(/\s+/))
      .filter((a) => a.length > 0),
    serverV8Flags: v["server-v8-flags"],
    serverCpus,
    toolCpus,
    help: v.help ?? false,
  };
}

function list(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

function numbers(text: string): number[] {
  return list(text).map((s) => count(s, "list entry", 1));
}

function count(text: string, what: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw new TypeError(
      `--${what} must be a whole number ≥ ${min}, not "${text}"`,
    );
  }
  return n;
}

function seconds(text: string, what: string): number {
  const n = Number(text);
  if (!(n > 0 && n <= 600)) {
    throw new TypeError(`--${what} must be 0–600 seconds`);
  }
  return Math.round(n * 1000);
}
