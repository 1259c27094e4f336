/**
 * Where a run's results go: JSON and Markdown in the output directory, the
 * chart where the docs link it, and the tables on stdout.
 *
 * @module
 */
import { expandCpus, onlineCpus } from "./affinity.ts";
import { renderChart } from "./chart.ts";
import type { LoadOptions } from "./options.ts";
import { passing, renderMarkdown, type RunReport } from "./report.ts";

/** Writes load.json, load.md and the SVG chart; prints the Markdown. */
export async function write(
  report: RunReport,
  options: LoadOptions,
): Promise<void> {
  const markdown = renderMarkdown(report);
  await Deno.mkdir(options.outDir, { recursive: true });
  await Deno.writeTextFile(
    `${options.outDir}/load.json`,
    JSON.stringify(report, null, 2) + "\n",
  );
  await Deno.writeTextFile(`${options.outDir}/load.md`, markdown);
  const series = report.fanout.filter((r) => r.steps.length > 0).map((r) => ({
    label: r.label,
    points: passing(r.steps).concat(
      r.steps.filter((s) => s.stop && s.received > 0),
    )
      .map((s) => ({ x: s.deliveriesPerSecond, y: s.latency.p99 })),
  }));
  if (series.length > 0) {
    const title =
      `Fan-out, ${options.clients} clients in one room: p99 vs deliveries/s`;
    await Deno.writeTextFile(
      options.chartPath,
      renderChart(series, options.p99LimitMs, title),
    );
  }
  // The repository's `deno fmt --check` covers these files too.
  await new Deno.Command(Deno.execPath(), {
    args: [
      "fmt",
      "-q",
      `${options.outDir}/load.json`,
      `${options.outDir}/load.md`,
      ...(series.length > 0 ? [options.chartPath] : []),
    ],
    stdout: "null",
    stderr: "null",
    signal: AbortSignal.timeout(30_000),
  }).output().catch(() => {});
  console.log(markdown);
  console.error(
    `wrote ${options.outDir}/load.json, ${options.outDir}/load.md${
      series.length ? `, ${options.chartPath}` : ""
    }`,
  );
}

/** One line describing the CPU, memory, kernel and Deno version. */
export async function machine(): Promise<string> {
  const cpu =
    (await Deno.readTextFile("/proc/cpuinfo")).match(/^model name\s*:\s*(.*)$/m)
      ?.[1] ?? "unknown CPU";
  const mem = Number(
    (await Deno.readTextFile("/proc/meminfo")).match(/^MemTotal:\s+(\d+)/m)
      ?.[1] ?? 0,
  );
  // Not navigator.hardwareConcurrency: that counts only the CPUs this
  // process may use, one when the tool is pinned.
  const cores = expandCpus(onlineCpus()).length;
  return `${cores} × ${cpu}, ${(mem / 2 ** 20).toFixed(0)} GiB RAM, ` +
    `Linux ${Deno.osRelease()}, Deno ${Deno.version.deno}`;
}
