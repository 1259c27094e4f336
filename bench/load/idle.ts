/**
 * Memory per idle connection: server RSS with N logged-in, silent clients
 * minus RSS before they connected, divided by N, after the server has gone
 * quiet (login presence notices fan out to everyone online).
 *
 * @module
 */
import { inBatches, type LoadClient, withTimeout } from "./client.ts";
import {
  sampleProcess,
  settledRss,
  sleep,
  waitUntilQuiet,
} from "./process_stats.ts";
import { collectGarbage, type RunningServer } from "./server.ts";
import { PASSWORD, type Target, UnsupportedError } from "./targets.ts";
import { TelnetLoadClient } from "./telnet_client.ts";
import { WsLoadClient } from "./ws_client.ts";

/** What one idle measurement found. */
export interface IdleResult {
  label: string;
  connections: number;
  /** RSS before the idle clients connected (accounts already stored). */
  rssBeforeBytes: number;
  rssAfterBytes: number;
  bytesPerConnection: number;
  /** RSS before and after, each right after a full GC in the server. */
  rssBeforeGcBytes: number;
  rssAfterGcBytes: number;
  /** Per connection from the after-GC figures: live memory, not high water. */
  bytesPerConnectionGc: number;
  /** RSS growth from storing the accounts, per account (Parley only). */
  bytesPerAccount?: number;
  /** Seconds to connect and log in every client. */
  setupSeconds: number;
}

const PARALLEL = 64;
// Every login tells everyone online, so the last logins of 10 000 wait long.
const LOGIN_TIMEOUT_MS = 120_000;
const SETUP_LIMIT_MS = 300_000;
// Idle clients still read (presence notices), in a small buffer each.
const IDLE_READ_BYTES = 2048;
// A server that buffers without bound could take the shared machine down.
const MAX_SERVER_RSS_BYTES = 4 * 2 ** 30;

/** Measures `count` idle connections to a fresh server. */
export async function measureIdle(
  target: Target,
  server: RunningServer,
  count: number,
  log: (line: string) => void = () => {},
): Promise<IdleResult> {
  if (target.transport === "ws" && server.httpPort === undefined) {
    throw new UnsupportedError(
      "the server logged no HTTP port (WebSocket path pending)",
    );
  }
  const names = Array.from({ length: count }, (_, i) => `idle${i}`);
  const parley = target.server.kind === "parley";
  const start = await settledRss(server.pid);
  let rssBefore = start;
  if (parley) {
    // Accounts first, each on a short-lived connection, so the delta below
    // is the connections' alone.
    await inBatches(names, 32, async (name) => {
      const c = await TelnetLoadClient.connect(
        server.telnetPort!,
        IDLE_READ_BYTES,
      );
      await c.register(name, PASSWORD);
      await c.close();
    });
    await waitUntilQuiet(server.pid);
    rssBefore = await settledRss(server.pid);
    log(`  ${count} accounts stored: +${mib(rssBefore - start)} MiB`);
  }
  await collectGarbage(server.pid);
  const gcBefore = await settledRss(server.pid);
  const started = performance.now();
  const clients: LoadClient[] = [];
  try {
    const guard = rssGuard(server.pid);
    try {
      await withTimeout(
        Promise.race([
          guard.tripped,
          inBatches(names, PARALLEL, async (name) => {
            clients.push(await connectIdle(target, server, name));
          }),
        ]),
        SETUP_LIMIT_MS,
        `${count} idle logins`,
      );
    } finally {
      guard.stop();
    }
  } catch (error) {
    await inBatches(clients, PARALLEL, (c) => c.close());
    throw new Error(
      `${
        (error as Error).message
      }; ${clients.length} of ${count} were in after ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  const setupSeconds = (performance.now() - started) / 1000;
  try {
    await waitUntilQuiet(server.pid, { timeoutMs: 120_000 });
    await waitForSilence(clients);
    const rssAfter = await settledRss(server.pid);
    await collectGarbage(server.pid);
    const gcAfter = await settledRss(server.pid);
    const result: IdleResult = {
      label: target.label,
      connections: count,
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
      bytesPerConnection: (rssAfter - rssBefore) / count,
      rssBeforeGcBytes: gcBefore,
      rssAfterGcBytes: gcAfter,
      bytesPerConnectionGc: (gcAfter - gcBefore) / count,
      setupSeconds,
    };
    if (parley) result.bytesPerAccount = (rssBefore - start) / count;
    log(
      `  ${count} idle: ${mib(rssBefore)} → ${mib(rssAfter)} MiB, ` +
        `${(result.bytesPerConnection / 1024).toFixed(1)} KiB/connection; ` +
        `after GC ${mib(gcBefore)} → ${mib(gcAfter)} MiB, ${
          (result.bytesPerConnectionGc / 1024).toFixed(1)
        } KiB/connection ` +
        `(setup ${setupSeconds.toFixed(1)} s)`,
    );
    return result;
  } finally {
    await inBatches(clients, PARALLEL, (c) => c.close());
  }
}

async function connectIdle(
  target: Target,
  server: RunningServer,
  name: string,
): Promise<LoadClient> {
  const parley = target.server.kind === "parley";
  if (target.transport === "ws") {
    const c = await WsLoadClient.connect(
      server.httpPort!,
      parley ? "/ws" : "/",
    );
    if (parley) {
      await c.login(server.httpPort!, name, PASSWORD, LOGIN_TIMEOUT_MS);
    }
    return c;
  }
  const c = await TelnetLoadClient.connect(server.telnetPort!, IDLE_READ_BYTES);
  if (parley) await c.login(name, PASSWORD, LOGIN_TIMEOUT_MS);
  return c;
}

function rssGuard(pid: number): { tripped: Promise<never>; stop(): void } {
  let id: ReturnType<typeof setInterval> | undefined;
  const tripped = new Promise<never>((_, reject) => {
    id = setInterval(() => {
      const rss = sampleProcess(pid).rssBytes;
      if (rss > MAX_SERVER_RSS_BYTES) {
        reject(
          new Error(`server RSS passed ${MAX_SERVER_RSS_BYTES / 2 ** 30} GiB`),
        );
      }
    }, 500);
  });
  tripped.catch(() => {});
  return { tripped, stop: () => clearInterval(id) };
}

// Presence notices may still be in flight after the server's CPU drops.
async function waitForSilence(
  clients: LoadClient[],
  timeoutMs = 30_000,
): Promise<void> {
  const total = () => clients.reduce((n, c) => n + c.bytesIn, 0);
  const deadline = performance.now() + timeoutMs;
  let last = -1;
  while (performance.now() < deadline) {
    const bytes = total();
    if (bytes === last) return;
    last = bytes;
    await sleep(500);
  }
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
