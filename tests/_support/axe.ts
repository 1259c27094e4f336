/**
 * The automated accessibility check: axe-core (from npm, never a CDN) is
 * evaluated in the page, which runs it against the whole document. The
 * page's CSP does not apply to code the test harness evaluates.
 *
 * @module
 */
import axe from "axe-core";
import type { Page } from "playwright-core";

/** One axe finding, trimmed to what a failure message needs. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending elements, with axe's summary of each. */
  nodes: string[];
}

/** The serious and critical violations axe finds on `page` now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) {
    await page.evaluate(axe.source);
  }
  const found = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const run = (globalThis as any).axe.run;
    const result = await run(document, { resultTypes: ["violations"] });
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // deno-lint-ignore no-explicit-any
      nodes: v.nodes.map((n: any) =>
        `${n.target.join(" ")}: ${n.failureSummary}`
      ),
    }));
  });
  return (found as Violation[]).filter((v) =>
    v.impact === "serious" || v.impact === "critical"
  );
}
