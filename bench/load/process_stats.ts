/**
 * CPU time and resident memory of a process from `/proc`, so the server's
 * cost is measured from outside without instrumenting it.
 *
 * @module
 */

// USER_HZ is 100 on every Linux this runs on; /proc reports in those ticks.
const TICKS_PER_SECOND = 100;

/** One reading of a process's counters. */
export interface ProcessSample {
  /** When it was taken, ms (performance.now). */
  at: number;
  /** User plus system CPU time so far, in seconds. */
  cpuSeconds: number;
  /** Resident set size in bytes. */
  rssBytes: number;
}

/** Reads `/proc/<pid>/stat` and `/proc/<pid>/status` once. */
export function sampleProcess(pid: number): ProcessSample {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // The command name may hold spaces and parentheses: fields follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const rss = status.match(/^VmRSS:\s+(\d+) kB/m);
  return {
    at: performance.now(),
    cpuSeconds: ticks / TICKS_PER_SECOND,
    rssBytes: rss ? Number(rss[1]) * 1024 : 0,
  };
}

/** CPU use between two samples, in percent of one core. */
export function cpuPercent(from: ProcessSample, to: ProcessSample): number {
  const wall = (to.at - from.at) / 1000;
  return wall > 0 ? (100 * (to.cpuSeconds - from.cpuSeconds)) / wall : 0;
}

/**
 * Waits until the process uses under `idlePercent` of a core over
 * `windowMs`, or `timeoutMs` passes; returns the last sample either way.
 */
export async function waitUntilQuiet(
  pid: number,
  { windowMs = 500, idlePercent = 3, timeoutMs = 60_000 } = {},
): Promise<ProcessSample> {
  const deadline = performance.now() + timeoutMs;
  let last = sampleProcess(pid);
  while (performance.now() < deadline) {
    await sleep(windowMs);
    const next = sampleProcess(pid);
    const quiet = cpuPercent(last, next) < idlePercent;
    last = next;
    if (quiet) break;
  }
  return last;
}

/** Cumulative ticks of each CPU from `/proc/stat`, for the whole machine. */
export interface CoreSample {
  cpu: string;
  /** Every tick counted, idle included. */
  total: number;
  /** Idle and I/O wait. */
  idle: number;
  /** Hard and soft interrupts: loopback packets are processed here. */
  irq: number;
}

/** Reads the per-CPU lines of `/proc/stat` once. */
export function sampleCores(): CoreSample[] {
  const text = Deno.readTextFileSync("/proc/stat");
  const cores: CoreSample[] = [];
  for (const m of text.matchAll(/^(cpu\d+) (.*)$/gm)) {
    // user nice system idle iowait irq softirq steal …, in ticks.
    const t = m[2].trim().split(/\s+/).slice(0, 8).map(Number);
    cores.push({
      cpu: m[1],
      total: t.reduce((a, b) => a + b, 0),
      idle: t[3] + t[4],
      irq: t[5] + t[6],
    });
  }
  return cores;
}

/** What each CPU did between two samples. */
export interface CoreUsage {
  cpu: string;
  /** Percent of the interval not idle, whoever ran. */
  busyPercent: number;
  /** Percent spent in (soft) interrupts. */
  irqPercent: number;
}

/** Per-CPU use between two samples, in percent of that CPU. */
export function coreUsage(from: CoreSample[], to: CoreSample[]): CoreUsage[] {
  return to.map((b) => {
    const a = from.find((c) => c.cpu === b.cpu) ?? b;
    const total = b.total - a.total;
    const share = (ticks: number) => total > 0 ? (100 * ticks) / total : 0;
    return {
      cpu: b.cpu,
      busyPercent: share(total - (b.idle - a.idle)),
      irqPercent: share(b.irq - a.irq),
    };
  });
}

/** `cpu0 97 % (irq 31) · cpu1 88 % (irq 4)`, for logs and tables. */
export function describeCores(cores: CoreUsage[] | undefined): string {
  return (cores ?? []).map((c) =>
    `${c.cpu} ${c.busyPercent.toFixed(0)} % (irq ${c.irqPercent.toFixed(0)})`
  ).join(" · ");
}

/** Median RSS of a few samples `gapMs` apart, to smooth allocator noise. */
export async function settledRss(
  pid: number,
  samples = 5,
  gapMs = 200,
): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    values.push(sampleProcess(pid).rssBytes);
    if (i < samples - 1) await sleep(gapMs);
  }
  return values.toSorted((a, b) => a - b)[Math.floor(samples / 2)];
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
