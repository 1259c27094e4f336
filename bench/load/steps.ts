/**
 * The fan-out run: the senders take turns at a total rate, every
 * client receives every message, and each delivery's latency is recorded.
 * Steps go up in rate until p99 passes the limit or a message is lost.
 *
 * @module
 */
import type { LoadClient } from "./client.ts";
import { encodePayload, now } from "./payload.ts";
import {
  type CoreUsage,
  coreUsage,
  cpuPercent,
  describeCores,
  sampleCores,
  sampleProcess,
  sleep,
} from "./process_stats.ts";
import { LatencyHistogram, type LatencySummary } from "./stats.ts";

/** Settings of one fan-out run. */
export interface StepPlan {
  /** Total send rates to try, msgs/s, in order. */
  rates: number[];
  /** Send phase of each step, ms. */
  durationMs: number;
  /** Longest wait for the last deliveries after sending stops, ms. */
  drainMs: number;
  /** A step whose p99 passes this ends the run, ms. */
  p99LimitMs: number;
  /** How many clients send, the first ones; 0 means every one. */
  senders: number;
  /** Approximate bytes of each message's text. */
  payloadBytes: number;
  /** How often a failing step is run again before the run stops. */
  retries: number;
}

/** What one step measured. */
export interface StepResult {
  rate: number;
  /** Messages actually sent per second (the generator may fall behind). */
  sentPerSecond: number;
  sent: number;
  expected: number;
  received: number;
  lost: number;
  deliveriesPerSecond: number;
  latency: LatencySummary;
  serverCpuPercent: number;
  serverRssBytes: number;
  /** The load tool's own CPU, to show when it is the bottleneck. */
  generatorCpuPercent: number;
  /** Each CPU of the machine over the send phase, interrupts included. */
  cores?: CoreUsage[];
  /** Why the run stopped after this step, if it did. */
  stop?: string;
  /** Earlier failed attempts at this rate, when it was retried. */
  attempts: number;
}

const TICK_MS = 5;
let stepIds = 0;

/** Runs the steps in `plan` against clients already in one room. */
export async function runSteps(
  clients: LoadClient[],
  serverPid: number,
  plan: StepPlan,
  log: (line: string) => void = () => {},
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const rate of plan.rates) {
    let result: StepResult;
    let attempt = 0;
    // A shared machine has hiccups: a failing step gets another chance
    // before it counts as the limit.
    while (true) {
      result = await runStep(clients, serverPid, rate, plan);
      result.attempts = attempt;
      result.stop = verdict(result, plan);
      const dropped = clients.filter((c) => c.closed).length;
      // With clients gone a retry measures nothing.
      if (dropped > 0) {
        result.stop =
          `the server dropped ${dropped} of ${clients.length} clients`;
        break;
      }
      // Lost deliveries mean a backlog that a retry would only inherit.
      if (!result.stop || result.lost > 0 || attempt >= plan.retries) break;
      log(`${describe(result)}; trying again`);
      attempt++;
    }
    results.push(result);
    log(describe(result));
    if (result.stop) break;
  }
  return results;
}

function verdict(result: StepResult, plan: StepPlan): string | undefined {
  if (result.lost > 0) return `lost ${result.lost} deliveries`;
  if (result.latency.p99 > plan.p99LimitMs) {
    return `p99 over ${plan.p99LimitMs} ms`;
  }
  if (result.sentPerSecond < 0.9 * result.rate) {
    return "the load tool could not send at this rate";
  }
}

async function runStep(
  clients: LoadClient[],
  serverPid: number,
  rate: number,
  plan: StepPlan,
): Promise<StepResult> {
  const step = ++stepIds;
  const histogram = new LatencyHistogram();
  let received = 0;
  let lastDelivery = 0;
  for (const client of clients) {
    client.onPayload = (id, sentAt, at) => {
      // Stragglers of an earlier step are not this step's deliveries.
      if (id !== step) return;
      received++;
      lastDelivery = at;
      histogram.record(at - sentAt);
    };
  }
  const total = Math.max(1, Math.round((rate * plan.durationMs) / 1000));
  const serverBefore = sampleProcess(serverPid);
  const selfBefore = sampleProcess(Deno.pid);
  const coresBefore = sampleCores();
  const started = performance.now();
  const deadline = started + plan.durationMs * 2;
  let sent = 0;
  // A few senders and many readers, as in a real room and the peers' runs.
  const senders = clients.slice(0, plan.senders || clients.length);
  // Sends what is due every tick; a late tick sends its backlog at once.
  while (sent < total && performance.now() < deadline) {
    const due = Math.min(
      total,
      Math.floor((rate * (performance.now() - started)) / 1000),
    );
    for (; sent < due; sent++) {
      const client = senders[sent % senders.length];
      client.say(encodePayload(step, sent, now(), plan.payloadBytes));
    }
    for (const client of senders) client.flush();
    await sleep(TICK_MS);
  }
  const sendSeconds = (performance.now() - started) / 1000;
  const serverAfter = sampleProcess(serverPid);
  const selfAfter = sampleProcess(Deno.pid);
  const cores = coreUsage(coresBefore, sampleCores());
  const expected = sent * clients.length;
  const drainEnd = performance.now() + plan.drainMs;
  while (received < expected && performance.now() < drainEnd) await sleep(10);
  // Deliveries over the time they took: the send phase, or longer if the
  // server fell behind and was still delivering after sending stopped.
  const window = Math.max(
    sendSeconds,
    (lastDelivery - started) / 1000,
  );
  return {
    rate,
    sentPerSecond: sent / sendSeconds,
    sent,
    expected,
    received,
    lost: expected - received,
    deliveriesPerSecond: received / window,
    latency: histogram.summary(),
    serverCpuPercent: cpuPercent(serverBefore, serverAfter),
    serverRssBytes: serverAfter.rssBytes,
    generatorCpuPercent: cpuPercent(selfBefore, selfAfter),
    cores,
    attempts: 0,
  };
}

function describe(r: StepResult): string {
  const l = r.latency;
  return `  ${r.rate} msg/s: sent ${r.sentPerSecond.toFixed(0)}/s, ` +
    `${r.deliveriesPerSecond.toFixed(0)} deliveries/s, p50 ${
      l.p50.toFixed(2)
    } ` +
    `p99 ${l.p99.toFixed(2)} max ${l.max.toFixed(1)} ms, lost ${r.lost}, ` +
    `server ${r.serverCpuPercent.toFixed(0)}% ${
      (r.serverRssBytes / 2 ** 20).toFixed(0)
    } MiB, ` +
    `tool ${r.generatorCpuPercent.toFixed(0)}%, ${describeCores(r.cores)}${
      r.stop ? ` (stop: ${r.stop})` : ""
    }`;
}
