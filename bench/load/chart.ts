/**
 * The SVG chart, built as plain text: p99 latency against delivered
 * messages per second, both axes logarithmic, one line per server.
 *
 * @module
 */

/** One server's points: (deliveries/s, p99 ms). */
export interface Series {
  label: string;
  points: { x: number; y: number }[];
}

const W = 760;
const H = 440;
const M = { left: 70, right: 190, top: 40, bottom: 60 };
const COLORS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
];

/** Renders the chart; `limitMs` draws the p99 limit as a dashed line. */
export function renderChart(
  series: Series[],
  limitMs: number,
  title: string,
): string {
  const all = series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0);
  const xs = all.map((p) => p.x);
  const ys = [...all.map((p) => p.y), limitMs];
  const x0 = decadeBelow(Math.min(...xs, 1000));
  const x1 = decadeAbove(Math.max(...xs, 10_000));
  const y0 = decadeBelow(Math.min(...ys));
  const y1 = decadeAbove(Math.max(...ys));
  const px = (x: number) =>
    M.left +
    ((Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) *
      (W - M.left - M.right);
  const py = (y: number) =>
    H - M.bottom -
    ((Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) *
      (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${
      W / 2 - M.right / 2
    }" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ];
  for (let d = x0; d <= x1; d *= 10) {
    out.push(
      `<line x1="${px(d)}" y1="${M.top}" x2="${px(d)}" y2="${
        H - M.bottom
      }" stroke="#ddd"/>`,
      `<text x="${px(d)}" y="${H - M.bottom + 16}" text-anchor="middle">${
        si(d)
      }</text>`,
    );
  }
  for (let d = y0; d <= y1; d *= 10) {
    out.push(
      `<line x1="${M.left}" y1="${py(d)}" x2="${W - M.right}" y2="${
        py(d)
      }" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${py(d) + 4}" text-anchor="end">${
        d >= 1 ? d : d.toPrecision(1)
      }</text>`,
    );
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${
      H - 18
    }" text-anchor="middle">delivered messages per second (log)</text>`,
    `<text transform="translate(18 ${
      (M.top + H - M.bottom) / 2
    }) rotate(-90)" text-anchor="middle">p99 latency, ms (log)</text>`,
    `<line x1="${M.left}" y1="${py(limitMs)}" x2="${W - M.right}" y2="${
      py(limitMs)
    }" stroke="#999" stroke-dasharray="6 4"/>`,
    `<text x="${W - M.right - 4}" y="${
      py(limitMs) - 4
    }" text-anchor="end" fill="#666">p99 limit ${limitMs} ms</text>`,
  );
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const points = s.points.filter((p) => p.x > 0 && p.y > 0);
    const path = points.map((p) =>
      `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`
    ).join(" ");
    out.push(
      `<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`,
    );
    for (const p of points) {
      out.push(
        `<circle cx="${px(p.x).toFixed(1)}" cy="${
          py(p.y).toFixed(1)
        }" r="3" fill="${color}"/>`,
      );
    }
    const ly = M.top + 10 + i * 20;
    out.push(
      `<line x1="${W - M.right + 15}" y1="${ly}" x2="${
        W - M.right + 40
      }" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${W - M.right + 46}" y="${ly + 4}">${escape(s.label)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function decadeBelow(v: number): number {
  return 10 ** Math.floor(Math.log10(v));
}

function decadeAbove(v: number): number {
  return 10 ** Math.ceil(Math.log10(v));
}

function si(v: number): string {
  return v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v);
}

function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(
    ">",
    "&gt;",
  );
}
