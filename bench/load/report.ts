/**
 * Markdown tables of a run. Every Parley figure sits next to its ratio to
 * the bare Deno server of the same transport, measured in the same run.
 *
 * @module
 */
import type { BurstResult } from "./burst.ts";
import type { IdleResult } from "./idle.ts";
import type { LoginResult } from "./login.ts";
import { describeCores } from "./process_stats.ts";
import type { StepResult } from "./steps.ts";

/** One server's fan-out steps, or why it was skipped. */
export interface FanoutRun {
  label: string;
  /** Label of the bare server it is compared with. */
  baseline?: string;
  flags: string[];
  steps: StepResult[];
  skipped?: string;
}

/** Everything one run measured. */
export interface RunReport {
  startedAt: string;
  machine: string;
  /** Where the servers and the tool ran (`taskset`), or that they were not pinned. */
  pinning?: string;
  options: Record<string, unknown>;
  fanout: {
    label: string;
    baseline?: string;
    flags: string[];
    steps: StepResult[];
    skipped?: string;
  }[];
  idle: (IdleResult & { baseline?: string })[];
  login: LoginResult[];
  burst: BurstResult[];
  /** What was skipped and why, e.g. a transport the server lacks. */
  notes: string[];
}

/** The whole report as Markdown. */
export function renderMarkdown(report: RunReport): string {
  const out = [
    `Run of ${report.startedAt} on ${report.machine}${
      report.pinning ? `; ${report.pinning}` : ""
    }.`,
    "",
  ];
  if (report.fanout.length > 0) {
    out.push(roomLine(report), "", ...summaryTable(report), "");
    out.push(...stepTables(report));
  }
  if (report.idle.length > 0) out.push(...idleTable(report), "");
  if (report.login.length > 0) out.push(...loginTable(report), "");
  if (report.burst?.length > 0) out.push(...burstTable(report), "");
  if (report.notes.length > 0) {
    out.push("### Skipped", "", ...report.notes.map((n) => `- ${n}`), "");
  }
  return out.join("\n");
}

/** The steps that passed: no loss, p99 under the limit, rate reached. */
export function passing(steps: StepResult[]): StepResult[] {
  return steps.filter((s) => !s.stop);
}

function summaryTable(report: RunReport): string[] {
  const rows = [
    "| server | highest passing step | deliveries/s there | vs ceiling | p99 there | stopped at | because |",
    "|---|--:|--:|--:|--:|--:|---|",
  ];
  for (const run of report.fanout) {
    if (run.skipped) {
      rows.push(
        `| ${run.label} | — | — | — | — | — | ${run.skipped} |`,
      );
      continue;
    }
    const best = passing(run.steps).at(-1);
    const base = report.fanout.find((r) => r.label === run.baseline);
    const baseBest = base && passing(base.steps).at(-1);
    const last = run.steps.at(-1);
    rows.push(
      `| ${run.label} | ${best ? best.rate : "none"} | ${
        best ? int(best.deliveriesPerSecond) : "—"
      } | ` +
        `${
          best && baseBest
            ? ratio(best.deliveriesPerSecond / baseBest.deliveriesPerSecond)
            : "—"
        } | ` +
        `${best ? ms(best.latency.p99) : "—"} | ${
          last?.stop ? last.rate : "—"
        } | ${last?.stop ?? "all steps passed"} |`,
    );
  }
  return ["### Fan-out summary", "", ...rows];
}

function stepTables(report: RunReport): string[] {
  const out: string[] = [];
  for (const run of report.fanout) {
    if (run.skipped) continue;
    const base = report.fanout.find((r) => r.label === run.baseline);
    const flags = run.flags.length ? ` (\`${run.flags.join(" ")}\`)` : "";
    out.push(
      `### ${run.label}${flags}`,
      "",
      "| msgs/s asked | sent/s | deliveries/s | p50 ms | p95 ms | p99 ms | max ms | lost | server CPU | server RSS | tool CPU | each CPU busy (interrupts) |" +
        (base ? " deliveries vs ceiling | p99 vs ceiling |" : ""),
      "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|" +
        (base ? "--:|--:|" : ""),
    );
    for (const s of run.steps) {
      const b = base?.steps.find((x) => x.rate === s.rate);
      const l = s.latency;
      let row =
        `| ${s.rate}${s.attempts ? " (2nd try)" : ""} | ${
          int(s.sentPerSecond)
        } | ${int(s.deliveriesPerSecond)} | ${ms(l.p50)} | ${ms(l.p95)} | ` +
        `${ms(l.p99)} | ${ms(l.max)} | ${s.lost} | ${
          s.serverCpuPercent.toFixed(0)
        } % | ` +
        `${(s.serverRssBytes / 2 ** 20).toFixed(0)} MiB | ${
          s.generatorCpuPercent.toFixed(0)
        } % | ${describeCores(s.cores) || "—"} |`;
      if (base) {
        row += b
          ? ` ${ratio(s.deliveriesPerSecond / b.deliveriesPerSecond)} | ${
            ratio(l.p99 / b.latency.p99)
          } |`
          : " — | — |";
      }
      out.push(row);
    }
    out.push("");
  }
  return out;
}

function idleTable(report: RunReport): string[] {
  const rows = [
    "### Memory per idle connection",
    "",
    "| server | connections | RSS before | RSS after | KiB per connection | vs ceiling | after GC: RSS before | RSS after | KiB per connection | vs ceiling | of which JS heap | external | native (rest) | KiB per account | connect + login s |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of report.idle) {
    const base = report.idle.find((b) =>
      b.label === r.baseline && b.connections === r.connections
    );
    rows.push(
      `| ${r.label} | ${r.connections} | ${mib(r.rssBeforeBytes)} | ${
        mib(r.rssAfterBytes)
      } | ` +
        `${(r.bytesPerConnection / 1024).toFixed(1)} | ${
          base ? ratio(r.bytesPerConnection / base.bytesPerConnection) : "—"
        } | ${mib(r.rssBeforeGcBytes)} | ${mib(r.rssAfterGcBytes)} | ${
          (r.bytesPerConnectionGc / 1024).toFixed(1)
        } | ${
          base ? ratio(r.bytesPerConnectionGc / base.bytesPerConnectionGc) : "—"
        } | ${heapColumns(r)} | ` +
        `${
          r.bytesPerAccount === undefined
            ? "—"
            : (r.bytesPerAccount / 1024).toFixed(1)
        } | ${r.setupSeconds.toFixed(1)} |`,
    );
  }
  return rows;
}

function loginTable(report: RunReport): string[] {
  const rows = [
    "### Logins at the default PBKDF2 cost",
    "",
    "| logins at once | logins | logins/s | p50 ms | p99 ms | max ms |",
    "|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of report.login) {
    rows.push(
      `| ${r.concurrency} | ${r.logins} | ${r.perSecond.toFixed(1)} | ${
        int(r.p50Ms)
      } | ${int(r.p99Ms)} | ${int(r.maxMs)} |`,
    );
  }
  return rows;
}

function burstTable(report: RunReport): string[] {
  const rows = [
    "### Chat during a login burst",
    "",
    "| server | clients | msgs/s | logins at once | phase | seconds | p50 ms | p99 ms | max ms | server CPU | tool CPU | logins done: p50 / last ms | failed | lost |",
    "|---|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of report.burst) {
    for (const p of r.phases) {
      const l = p.latency;
      const during = p.phase === "during";
      rows.push(
        `| ${r.label} | ${r.clients} | ${r.rate} | ${r.logins} | ${p.phase} | ${
          p.seconds.toFixed(1)
        } | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${
          p.serverCpuPercent.toFixed(0)
        } % | ${p.generatorCpuPercent.toFixed(0)} % | ${
          during ? `${int(r.loginP50Ms)} / ${int(r.loginMaxMs)}` : ""
        } | ${during ? r.failed : ""} | ${during ? r.lost : ""} |`,
      );
    }
  }
  return rows;
}

function int(n: number): string {
  return Math.round(n).toLocaleString("en");
}

function ms(n: number): string {
  return n < 10 ? n.toFixed(2) : n.toFixed(1);
}

function mib(n: number): string {
  return `${(n / 2 ** 20).toFixed(1)} MiB`;
}

function ratio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : "—";
}

// Older reports lack `senders`: every client sent then.
function roomLine(report: RunReport): string {
  const { clients, senders, payloadBytes } = report.options as {
    clients: number;
    senders?: number;
    payloadBytes: number;
  };
  const sending = senders ? Math.min(senders, clients) : clients;
  return `Fan-out: ${clients} clients in one room, ${sending} of them ` +
    `sending ${payloadBytes}-byte messages in turn.`;
}

// The after-GC figure split: JS heap, external buffers, and the rest (the
// runtime's native per-socket state).
function heapColumns(r: RunReport["idle"][number]): string {
  if (r.heapBytesPerConnection === undefined) return "— | — | —";
  const heap = r.heapBytesPerConnection;
  const external = r.externalBytesPerConnection ?? 0;
  const rest = r.bytesPerConnectionGc - heap - external;
  return [heap, external, rest].map((b) => (b / 1024).toFixed(1)).join(" | ");
}
