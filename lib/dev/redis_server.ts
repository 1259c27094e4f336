/**
 * A throwaway `redis-server` for tests and benchmarks: loopback only, no
 * persistence, on a free port, gone when stopped.
 *
 * @module
 */
import { skipWithout } from "./required_tool.ts";

/** A running throwaway Redis. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Kills the server and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops it (if running) and starts it again on the same port (empty unless persistent). */
  restart(): Promise<void>;
  /** Stops the process and deletes its data for good. */
  close(): Promise<void>;
}

const STARTUP_MS = 5000;

/** Whether `redis-server` can be run here. */
export async function redisServerInstalled(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("redis-server", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/** Whether Redis suites should be skipped (the rule of `_required_tool.ts`). */
export function skipWithoutRedis(): Promise<boolean> {
  return skipWithout({
    name: "redis-server",
    installed: redisServerInstalled,
    packages: "redis-server",
    needs: "the Redis tests",
  });
}

/** Options for `startRedisServer`. */
export interface RedisServerOptions {
  /** Keep data across `restart()` in an fsync-always AOF in a temp dir. */
  persistent?: boolean;
}

/** Starts a throwaway server; null when `redis-server` is not installed. */
export async function startRedisServer(
  options: RedisServerOptions = {},
): Promise<RedisServer | null> {
  const port = freePort();
  const dir = options.persistent ? await Deno.makeTempDir() : undefined;
  let running: Running | null;
  try {
    running = await launch(port, dir);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await running?.stop();
      running = null;
    },
    async close() {
      await running?.stop();
      running = null;
      if (dir) await Deno.remove(dir, { recursive: true });
    },
    async restart() {
      await running?.stop();
      running = null;
      running = await launch(port, dir);
    },
  };
}

interface Running {
  stop(): Promise<void>;
}

async function launch(port: number, dir?: string): Promise<Running> {
  const persistence = dir
    ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", dir]
    : ["--appendonly", "no"];
  const child = new Deno.Command("redis-server", {
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      ...persistence,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Redis logs to stdout; both pipes are drained to the end so the child
  // never blocks on a full pipe, and the log is at hand if it fails.
  let log = "";
  let ready: () => void = () => {};
  const readyLine = new Promise<void>((resolve) => ready = resolve);
  const output = Promise.all([child.stdout, child.stderr].map(async (s) => {
    for await (const text of s.pipeThrough(new TextDecoderStream())) {
      log += text;
      if (log.includes("Ready to accept connections")) ready();
    }
  }));
  let exited = false;
  const status = child.status.finally(() => exited = true);
  const stop = async () => {
    if (!exited) {
      try {
        child.kill("SIGTERM");
      } catch {
        // It exited between the check and the kill.
      }
    }
    await status;
    await output;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = await Promise.race([
    readyLine.then(() => false),
    status.then(() => true),
    new Promise<boolean>((resolve) =>
      timer = setTimeout(resolve, STARTUP_MS, true)
    ),
  ]);
  clearTimeout(timer);
  if (failed) {
    await stop();
    throw new Error(`redis-server did not start on port ${port}:\n${log}`);
  }
  return { stop };
}

function freePort(): number {
  // The OS picks a free port; it stays free in practice until redis binds it.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}
