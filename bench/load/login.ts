/**
 * The login scenario: logins per second and their latency at the server's
 * real PBKDF2 cost, which the fan-out runs lower only to set up accounts.
 *
 * @module
 */
import { inBatches } from "./client.ts";
import type { RunningServer } from "./server.ts";
import { percentile } from "./stats.ts";
import { PASSWORD } from "./targets.ts";
import { TelnetLoadClient } from "./telnet_client.ts";

/** Logins at one concurrency. */
export interface LoginResult {
  concurrency: number;
  logins: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Registers `accounts` accounts, then logs in `rounds` times per concurrency level. */
export async function measureLogins(
  server: RunningServer,
  concurrencies: number[],
  rounds: number,
  log: (line: string) => void = () => {},
): Promise<LoginResult[]> {
  const most = Math.max(...concurrencies);
  const names = Array.from({ length: most }, (_, i) => `login${i}`);
  await inBatches(names, most, async (name) => {
    const c = await TelnetLoadClient.connect(server.telnetPort!);
    await c.register(name, PASSWORD);
    await c.close();
  });
  const results: LoginResult[] = [];
  for (const concurrency of concurrencies) {
    const jobs = Array.from(
      { length: concurrency * rounds },
      (_, i) => names[i % concurrency],
    );
    const latencies: number[] = [];
    const started = performance.now();
    await inBatches(jobs, concurrency, async (name) => {
      const c = await TelnetLoadClient.connect(server.telnetPort!);
      const t0 = performance.now();
      await c.login(name, PASSWORD);
      latencies.push(performance.now() - t0);
      await c.close();
    });
    const seconds = (performance.now() - started) / 1000;
    const result = {
      concurrency,
      logins: jobs.length,
      perSecond: jobs.length / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: Math.max(...latencies),
    };
    log(
      `  ${concurrency} at once: ${result.perSecond.toFixed(1)} logins/s, ` +
        `p50 ${result.p50Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms`,
    );
    results.push(result);
  }
  return results;
}
