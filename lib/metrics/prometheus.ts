/**
 * A tiny metrics registry (counters, gauges, histograms, each with at most
 * one label) and its Prometheus text exposition, version 0.0.4.
 *
 * @module
 */

/** A monotonically increasing count, optionally split by one label. */
export interface Counter {
  /** Adds `by` (default 1) to the series of `label` (or the unlabelled one). */
  inc(label?: string, by?: number): void;
}

/** A distribution of observed values. */
export interface Histogram {
  /** Records one value in the series of `label`. */
  observe(value: number, label?: string): void;
}

type Collect = () => number | Record<string, number>;

interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  label?: string;
  render(): string[];
}

/** Default histogram buckets for latencies, in seconds. */
export const LATENCY_BUCKETS = [
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
];

/** Holds metric families and renders them for `/metrics`. */
export class MetricsRegistry {
  #families: Family[] = [];

  /** Adds a counter; `label` names its one label, if any. */
  counter(name: string, help: string, label?: string): Counter {
    const series = new Map<string, number>();
    this.#families.push({
      name,
      help,
      type: "counter",
      label,
      render: () =>
        [...series].map(([l, v]) => `${name}${labels(label, l)} ${v}`),
    });
    return {
      inc(l = "", by = 1) {
        series.set(l, (series.get(l) ?? 0) + by);
      },
    };
  }

  /** Adds a gauge whose value(s) `collect` reads at scrape time. */
  gauge(name: string, help: string, collect: Collect, label?: string): void {
    this.#families.push({
      name,
      help,
      type: "gauge",
      label,
      render: () => {
        const value = collect();
        if (typeof value === "number") return [`${name} ${value}`];
        return Object.entries(value).map(([l, v]) =>
          `${name}${labels(label, l)} ${v}`
        );
      },
    });
  }

  /** Adds a histogram with cumulative `buckets` (upper bounds). */
  histogram(
    name: string,
    help: string,
    options: { buckets?: number[]; label?: string } = {},
  ): Histogram {
    const bounds = options.buckets ?? LATENCY_BUCKETS;
    const label = options.label;
    const series = new Map<string, { counts: number[]; sum: number }>();
    this.#families.push({
      name,
      help,
      type: "histogram",
      label,
      render: () =>
        [...series].flatMap(([l, s]) => {
          const base = label && l ? `${label}=${quote(l)},` : "";
          let total = 0;
          const lines = bounds.map((b, i) => {
            total += s.counts[i];
            return `${name}_bucket{${base}le="${b}"} ${total}`;
          });
          total += s.counts[bounds.length];
          lines.push(`${name}_bucket{${base}le="+Inf"} ${total}`);
          lines.push(`${name}_sum${labels(label, l)} ${s.sum}`);
          lines.push(`${name}_count${labels(label, l)} ${total}`);
          return lines;
        }),
    });
    return {
      observe(value, l = "") {
        let s = series.get(l);
        if (!s) {
          series.set(
            l,
            s = { counts: new Array(bounds.length + 1).fill(0), sum: 0 },
          );
        }
        let i = bounds.findIndex((b) => value <= b);
        if (i < 0) i = bounds.length;
        s.counts[i]++;
        s.sum += value;
      },
    };
  }

  /** The Prometheus text exposition of every family. */
  text(): string {
    const out: string[] = [];
    for (const f of this.#families) {
      out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
      out.push(...f.render());
    }
    return out.join("\n") + "\n";
  }
}

function labels(label: string | undefined, value: string): string {
  return label && value ? `{${label}=${quote(value)}}` : "";
}

// Label values escape backslash, quote and newline, per the text format.
function quote(value: string): string {
  return `"${
    value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll(
      "\n",
      "\\n",
    )
  }"`;
}
