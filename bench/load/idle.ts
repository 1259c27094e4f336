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
import { fetchToken, WsLoadClient } from "./ws_client.ts";

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
  /** Of that, live JS objects per connection (the server's heap report). */
  heapBytesPerConnection?: number;
  /** Of that, buffers outside the JS heap held by JS objects. */
  externalBytesPerConnection?: number;
  /** V8's whole heap (used or not) per connection, in the same RSS. */
  heapTotalBytesPerConnection?: number;
  /** RSS growth from storing the accounts, per account (Parley only). */
  bytesPerAccount?: number;
  /** Seconds to connect and log in every client. */
  setupSeconds: number;
  /** Clients that had to connect again during setup (see `connectRetrying`). */
  reconnects?: number;
}

const PARALLEL = 64;
const CONNECT_ATTEMPTS = 3;
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
  const heapBefore = await collectGarbage(server);
  const gcBefore = await settledRss(server.pid);
  const started = performance.now();
  const clients: LoadClient[] = [];
  let reconnects = 0;
  try {
    const guard = rssGuard(server.pid);
    try {
      await withTimeout(
        Promise.race([
          guard.tripped,
          inBatches(names, PARALLEL, async (name) => {
            clients.push(
              await connectRetrying(target, server, {
                name,
                onRetry: () => reconnects++,
              }),
            );
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
    const heapAfter = await collectGarbage(server);
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
      reconnects,
    };
    if (parley) result.bytesPerAccount = (rssBefore - start) / count;
    if (heapBefore && heapAfter) {
      result.heapBytesPerConnection =
        (heapAfter.heapUsed - heapBefore.heapUsed) / count;
      result.externalBytesPerConnection =
        (heapAfter.external - heapBefore.external) / count;
      result.heapTotalBytesPerConnection =
        (heapAfter.heapTotal - heapBefore.heapTotal) / count;
    }
    log(
      `  ${count} idle: ${mib(rssBefore)} → ${mib(rssAfter)} MiB, ` +
        `${(result.bytesPerConnection / 1024).toFixed(1)} KiB/connection; ` +
        `after GC ${mib(gcBefore)} → ${mib(gcAfter)} MiB, ${
          (result.bytesPerConnectionGc / 1024).toFixed(1)
        } KiB/connection ` +
        `${heapLine(result)}(setup ${setupSeconds.toFixed(1)} s, ` +
        `${reconnects} reconnected)`,
    );
    return result;
  } finally {
    await inBatches(clients, PARALLEL, (c) => c.close());
  }
}

// In the login storm of 10 000 browsers the server may lag past a socket's
// 10 s authentication limit and close it (1011); a real client reconnects,
// and so does this one, a bounded number of times.
async function connectRetrying(
  target: Target,
  server: RunningServer,
  client: { name: string; onRetry(): void },
): Promise<LoadClient> {
  for (let attempt = 1;; attempt++) {
    try {
      return await connectIdle(target, server, client.name);
    } catch (error) {
      if (attempt >= CONNECT_ATTEMPTS) throw error;
      client.onRetry();
    }
  }
}

async function connectIdle(
  target: Target,
  server: RunningServer,
  name: string,
): Promise<LoadClient> {
  const parley = target.server.kind === "parley";
  if (target.transport === "ws") {
    // Token first, as a browser logs in before its page opens the socket:
    // an open socket waiting on a slow login would hit the auth timeout.
    const token = parley
      ? await fetchToken(server.httpPort!, {
        name,
        password: PASSWORD,
        timeoutMs: LOGIN_TIMEOUT_MS,
      })
      : "";
    const c = await WsLoadClient.connect(
      server.httpPort!,
      parley ? "/ws" : "/",
    );
    if (parley) await c.authenticate(name, token, LOGIN_TIMEOUT_MS);
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

function heapLine(r: IdleResult): string {
  if (r.heapBytesPerConnection === undefined) return "";
  return `of which JS heap ${kib(r.heapBytesPerConnection)} (V8 holds ${
    kib(r.heapTotalBytesPerConnection!)
  }), external ${kib(r.externalBytesPerConnection!)} KiB `;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
