/**
 * The login burst: a room chats at a steady rate while many accounts whose
 * hashes carry the full PBKDF2 cost log in at once. Chat latency is kept
 * apart by phase (before, during, after the burst) through the payload's
 * step field, so a slow login path shows as a slow "during".
 *
 * @module
 */
import { inBatches, type LoadClient } from "./client.ts";
import { encodePayload, now } from "./payload.ts";
import {
  cpuPercent,
  type ProcessSample,
  sampleProcess,
  sleep,
} from "./process_stats.ts";
import type { RunningServer } from "./server.ts";
import { LatencyHistogram, type LatencySummary, percentile } from "./stats.ts";
import { PASSWORD, type Transport } from "./targets.ts";
import { TelnetLoadClient } from "./telnet_client.ts";
import { WsLoadClient } from "./ws_client.ts";

/** Chat latency in one phase of the burst run. */
export interface BurstPhase {
  phase: "before" | "during" | "after";
  seconds: number;
  sent: number;
  received: number;
  latency: LatencySummary;
  serverCpuPercent: number;
  generatorCpuPercent: number;
}

/** What the burst run measured. */
export interface BurstResult {
  label: string;
  clients: number;
  rate: number;
  logins: number;
  /** Logins that failed (error or timeout). */
  failed: number;
  /** Time from the burst's start to each login's welcome, ms. */
  loginP50Ms: number;
  loginP99Ms: number;
  loginMaxMs: number;
  phases: BurstPhase[];
  /** Deliveries expected but not seen after the drain. */
  lost: number;
}

/** Settings of the burst run. */
export interface BurstPlan {
  rate: number;
  logins: number;
  /** Chat before and after the burst, ms each. */
  quietMs: number;
  drainMs: number;
  payloadBytes: number;
}

const TICK_MS = 5;
// Fifty full-cost derivations one at a time take a few seconds; a minute
// means something is wrong, and the run must end anyway.
const BURST_LIMIT_MS = 60_000;
// Payload step ids for the three phases, far from the fan-out steps' ids.
const PHASE_IDS = { before: 9001, during: 9002, after: 9003 } as const;

/** Registers the burst accounts at the server's (full) cost; call before chatting. */
export async function registerBurstAccounts(
  server: RunningServer,
  count: number,
): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `burst${i}`);
  await inBatches(names, 4, async (name) => {
    const c = await TelnetLoadClient.connect(server.telnetPort!);
    await c.register(name, PASSWORD);
    await c.close();
  });
  return names;
}

/** Chats in `clients`' room at `plan.rate` while `names` log in all at once. */
export async function runBurst(
  label: string,
  transport: Transport,
  server: RunningServer,
  clients: LoadClient[],
  names: string[],
  plan: BurstPlan,
  log: (line: string) => void = () => {},
): Promise<BurstResult> {
  const histograms = {
    before: new LatencyHistogram(),
    during: new LatencyHistogram(),
    after: new LatencyHistogram(),
  };
  const byId = new Map<number, LatencyHistogram>(
    Object.entries(PHASE_IDS).map(([phase, id]) => [
      id,
      histograms[phase as keyof typeof histograms],
    ]),
  );
  let received = 0;
  for (const client of clients) {
    client.onPayload = (id, sentAt, at) => {
      const histogram = byId.get(id);
      if (!histogram) return;
      received++;
      histogram.record(at - sentAt);
    };
  }
  const burstClients: LoadClient[] = [];
  const loginMs: number[] = [];
  let phase = "before" as keyof typeof PHASE_IDS;
  let burstDone = false;
  const sentBy = { before: 0, during: 0, after: 0 };
  const marks: {
    phase: keyof typeof PHASE_IDS;
    server: ProcessSample;
    self: ProcessSample;
  }[] = [];
  const mark = (p: keyof typeof PHASE_IDS) => {
    phase = p;
    marks.push({
      phase: p,
      server: sampleProcess(server.pid),
      self: sampleProcess(Deno.pid),
    });
  };
  const burst = async () => {
    const t0 = performance.now();
    await Promise.all(names.map(async (name) => {
      try {
        const client = await loginOne(transport, server, name);
        burstClients.push(client);
        loginMs.push(performance.now() - t0);
      } catch {
        // Counted as failed: every name without a login time.
      }
    }));
  };
  mark("before");
  const started = performance.now();
  const hardEnd = started + 2 * plan.quietMs + BURST_LIMIT_MS;
  let afterStart = Infinity;
  let sent = 0;
  let burstStarted = false;
  let burstRun: Promise<void> = Promise.resolve();
  try {
    while (performance.now() < hardEnd) {
      const t = performance.now();
      if (!burstStarted && t - started >= plan.quietMs) {
        burstStarted = true;
        mark("during");
        burstRun = burst().finally(() => burstDone = true);
      }
      if (burstDone && phase === "during") {
        mark("after");
        afterStart = performance.now();
      }
      if (t - afterStart >= plan.quietMs) break;
      const due = Math.floor((plan.rate * (t - started)) / 1000);
      for (; sent < due; sent++) {
        const client = clients[sent % clients.length];
        client.say(
          encodePayload(PHASE_IDS[phase], sent, now(), plan.payloadBytes),
        );
        sentBy[phase]++;
      }
      for (const client of clients) client.flush();
      await sleep(TICK_MS);
    }
    mark("after"); // The end of the last phase.
    const expected = sent * clients.length;
    const drainEnd = performance.now() + plan.drainMs;
    while (received < expected && performance.now() < drainEnd) {
      await sleep(10);
    }
    const phases: BurstPhase[] = [];
    for (let i = 0; i + 1 < marks.length; i++) {
      const { phase: p, server: s0, self: g0 } = marks[i];
      const { server: s1, self: g1 } = marks[i + 1];
      if (phases.some((x) => x.phase === p)) continue;
      phases.push({
        phase: p,
        seconds: (s1.at - s0.at) / 1000,
        sent: sentBy[p],
        received: histograms[p].count,
        latency: histograms[p].summary(),
        serverCpuPercent: cpuPercent(s0, s1),
        generatorCpuPercent: cpuPercent(g0, g1),
      });
    }
    const result: BurstResult = {
      label,
      clients: clients.length,
      rate: plan.rate,
      logins: names.length,
      failed: names.length - loginMs.length,
      loginP50Ms: percentile(loginMs, 0.5),
      loginP99Ms: percentile(loginMs, 0.99),
      loginMaxMs: loginMs.length ? Math.max(...loginMs) : 0,
      phases,
      lost: expected - received,
    };
    for (const p of phases) {
      log(
        `  ${p.phase}: ${p.seconds.toFixed(1)} s, chat p50 ${
          p.latency.p50.toFixed(2)
        } p99 ${p.latency.p99.toFixed(2)} max ${
          p.latency.max.toFixed(1)
        } ms, ` +
          `server ${p.serverCpuPercent.toFixed(0)}%, tool ${
            p.generatorCpuPercent.toFixed(0)
          }%`,
      );
    }
    log(
      `  ${loginMs.length}/${names.length} logins, done after p50 ${
        result.loginP50Ms.toFixed(0)
      } ms, last ${result.loginMaxMs.toFixed(0)} ms; lost ${result.lost}`,
    );
    return result;
  } finally {
    // Logins still under way (a hung server) end at their own timeouts.
    if (!burstDone) await Promise.race([burstRun, sleep(BURST_LIMIT_MS)]);
    await inBatches(burstClients, 64, (c) => c.close());
  }
}

async function loginOne(
  transport: Transport,
  server: RunningServer,
  name: string,
): Promise<LoadClient> {
  if (transport === "ws") {
    const c = await WsLoadClient.connect(server.httpPort!);
    try {
      await c.login(server.httpPort!, name, PASSWORD);
    } catch (error) {
      await c.close();
      throw error;
    }
    return c;
  }
  const c = await TelnetLoadClient.connect(server.telnetPort!);
  try {
    await c.login(name, PASSWORD, BURST_LIMIT_MS);
  } catch (error) {
    await c.close();
    throw error;
  }
  return c;
}
