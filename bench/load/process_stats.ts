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
