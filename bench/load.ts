/**
 * `deno task bench`: starts Parley (and bare Deno baselines) as child
 * processes, fills one room with load clients, steps the send rate until
 * p99 passes the limit or a message is lost, measures memory per idle
 * connection and login cost, and writes tables and an SVG chart.
 * `--help` lists the options; all traffic stays on 127.0.0.1.
 *
 * @module
 */
import type { LoadClient } from "./load/client.ts";
import { inBatches } from "./load/client.ts";
import {
  type BurstResult,
  registerBurstAccounts,
  runBurst,
} from "./load/burst.ts";
import { measureIdle } from "./load/idle.ts";
import { ensureToolCpus, ownCpus } from "./load/affinity.ts";
import { ensureFileLimit } from "./load/limits.ts";
import { measureLogins } from "./load/login.ts";
import { type LoadOptions, parseOptions, USAGE } from "./load/options.ts";
import { machine, write } from "./load/output.ts";
import type { FanoutRun, RunReport } from "./load/report.ts";
import {
  type RunningServer,
  type ServerSpec,
  startServer,
} from "./load/server.ts";
import { runSteps } from "./load/steps.ts";
import {
  baselineOf,
  connectClients,
  joinRoom,
  type Target,
  targetLabel,
  type Transport,
  UnsupportedError,
} from "./load/targets.ts";

// A hard stop for the whole run, whatever hangs.
const RUN_LIMIT_MS = 30 * 60_000;
const running = new Set<RunningServer>();
const log = (line: string) => console.error(line);

async function main(args: string[]): Promise<number> {
  let options: LoadOptions;
  try {
    options = parseOptions(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.scenarios.has("idle")) {
    const code = await ensureFileLimit(
      Math.max(0, ...options.idleSizes) + options.clients + 1024,
    );
    if (code !== null) return code;
  }
  const pinned = await ensureToolCpus(options.toolCpus);
  if (pinned !== null) return pinned;
  const report: RunReport = {
    startedAt: new Date().toISOString(),
    machine: await machine(),
    pinning: pinning(options),
    options: { ...options, scenarios: [...options.scenarios] },
    fanout: [],
    idle: [],
    login: [],
    burst: [],
    notes: [],
  };
  log(`machine: ${report.machine}`);
  log(`cpus: ${report.pinning}`);
  if (options.scenarios.has("fanout")) {
    for (const target of targets(options, options.backends)) {
      log(
        `fan-out ${target.label}, ${options.clients} clients, ` +
          `${options.senders || options.clients} sending`,
      );
      const run: FanoutRun = {
        ...await fanout(target, options),
        label: target.label,
        baseline: baselineFor(target, options),
      };
      report.fanout.push(run);
      if (run.skipped) {
        report.notes.push(`fan-out ${target.label}: ${run.skipped}`);
      }
    }
  }
  if (options.scenarios.has("idle")) {
    for (const target of targets(options, options.backends.slice(0, 1))) {
      for (const size of options.idleSizes) {
        log(`idle ${target.label}, ${size} connections`);
        try {
          const result = await withServer(
            idleSpec(target.server),
            (server) => measureIdle(target, server, size, log),
          );
          report.idle.push({
            ...result,
            baseline: baselineFor(target, options),
          });
        } catch (error) {
          const what = error instanceof UnsupportedError ? "skipped" : "failed";
          log(`  ${what}: ${(error as Error).message}`);
          report.notes.push(
            `idle ${target.label} × ${size}: ${what}: ${
              (error as Error).message
            }`,
          );
        }
      }
    }
  }
  if (options.scenarios.has("burst")) {
    const backend = options.backends[0] ?? "memory";
    for (const transport of options.transports) {
      const label = `parley-${backend}/${transport}`;
      log(
        `login burst ${label}: ${options.clients} clients at ${options.burstRate} msgs/s, ` +
          `${options.burstLogins} logins at the default PBKDF2 cost`,
      );
      try {
        report.burst.push(await burst(label, backend, transport, options));
      } catch (error) {
        log(`  failed: ${(error as Error).message}`);
        report.notes.push(
          `burst ${label}: failed: ${(error as Error).message}`,
        );
      }
    }
  }
  if (options.scenarios.has("login")) {
    const backend = options.backends[0] ?? "memory";
    log(`logins on parley-${backend} at the default PBKDF2 cost`);
    try {
      report.login = await withServer(
        {
          kind: "parley",
          backend,
          entry: options.entry,
          args: options.serverArgs,
          cpus: options.serverCpus,
        },
        (server) => measureLogins(server, [1, 2, 4], options.loginRounds, log),
      );
    } catch (error) {
      log(`  failed: ${(error as Error).message}`);
      report.notes.push(`logins: failed: ${(error as Error).message}`);
    }
  }
  await write(report, options);
  return 0;
}

// Where the processes ran, for the report: pinned or not.
function pinning(options: LoadOptions): string {
  return `servers on CPUs ${options.serverCpus ?? "any (not pinned)"}, ` +
    `load tool on CPUs ${options.toolCpus ? ownCpus() : "any (not pinned)"}`;
}

function targets(options: LoadOptions, backends: string[]): Target[] {
  const list: Target[] = [];
  const add = (server: ServerSpec, transport: Transport) =>
    list.push({ label: targetLabel(server, transport), server, transport });
  for (const transport of options.transports) {
    if (options.baselines) {
      add({
        kind: transport === "ws" ? "bare-ws" : "bare-tcp",
        cpus: options.serverCpus,
      }, transport);
    }
  }
  for (const backend of backends) {
    for (const transport of options.transports) {
      add({
        kind: "parley",
        backend,
        pbkdf2Iterations: options.pbkdf2Iterations,
        entry: options.entry,
        args: options.serverArgs,
        v8Flags: options.serverV8Flags,
        cpus: options.serverCpus,
      }, transport);
    }
  }
  return list;
}

// Every login is announced to everyone online, so 10 000 telnet logins
// queue thousands of lines for readers that are still connecting: lift the
// per-client line bound there, or the setup itself drops clients.
function idleSpec(spec: ServerSpec): ServerSpec {
  if (spec.kind !== "parley") return spec;
  return {
    ...spec,
    args: [
      "--max-queued-messages",
      "1000000",
      "--max-queued-bytes",
      String(64 * 2 ** 20),
      ...spec.args ?? [],
    ],
  };
}

function baselineFor(target: Target, options: LoadOptions): string | undefined {
  return target.server.kind === "parley" && options.baselines
    ? baselineOf(target)
    : undefined;
}

async function fanout(
  target: Target,
  options: LoadOptions,
): Promise<Omit<FanoutRun, "label" | "baseline">> {
  try {
    return await withServer(target.server, async (server) => {
      let clients: LoadClient[] = [];
      try {
        const t0 = performance.now();
        clients = await connectClients(target, server, options.clients);
        await joinRoom(target, clients);
        log(
          `  ${clients.length} clients in the room after ${
            ((performance.now() - t0) / 1000).toFixed(1)
          } s`,
        );
        const steps = await runSteps(clients, server.pid, {
          ...options,
          rates: options.rates,
        }, log);
        return { flags: server.flags, steps };
      } finally {
        await inBatches(clients, 64, (c) => c.close());
      }
    });
  } catch (error) {
    // One server failing must not cost the others' results.
    const what = error instanceof UnsupportedError ? "pending" : "failed";
    const message = `${what}: ${(error as Error).message}`;
    log(`  ${message}`);
    return { flags: [], steps: [], skipped: message };
  }
}

// The whole server runs at the default PBKDF2 cost: a hash stores its own
// iteration count, so only accounts registered at full cost verify at it.
// Registering the chatters costs a derivation each (~80 ms), once.
function burst(
  label: string,
  backend: string,
  transport: Transport,
  options: LoadOptions,
): Promise<BurstResult> {
  const server: ServerSpec = {
    kind: "parley",
    backend,
    entry: options.entry,
    args: options.serverArgs,
    v8Flags: options.serverV8Flags,
    cpus: options.serverCpus,
  };
  const target: Target = { label, server, transport };
  return withServer(server, async (running) => {
    let clients: LoadClient[] = [];
    try {
      const names = await registerBurstAccounts(running, options.burstLogins);
      clients = await connectClients(target, running, options.clients);
      await joinRoom(target, clients);
      return await runBurst(label, transport, running, clients, names, {
        rate: options.burstRate,
        logins: options.burstLogins,
        quietMs: Math.max(3000, options.durationMs),
        drainMs: options.drainMs,
        payloadBytes: options.payloadBytes,
      }, log);
    } finally {
      await inBatches(clients, 64, (c) => c.close());
    }
  });
}

async function withServer<T>(
  spec: ServerSpec,
  work: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const server = await startServer(spec);
  running.add(server);
  try {
    return await work(server);
  } finally {
    running.delete(server);
    await server.stop();
  }
}

async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

if (import.meta.main) {
  const watchdog = setTimeout(async () => {
    console.error(
      `load run exceeded ${RUN_LIMIT_MS / 60_000} minutes; stopping`,
    );
    await stopAll();
    Deno.exit(3);
  }, RUN_LIMIT_MS);
  Deno.addSignalListener("SIGINT", async () => {
    await stopAll();
    Deno.exit(130);
  });
  let code = 1;
  try {
    code = await main(Deno.args);
  } catch (error) {
    console.error(error);
    await stopAll();
  }
  clearTimeout(watchdog);
  Deno.exit(code);
}
