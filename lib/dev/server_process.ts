/**
 * Runs `main.ts` as a real server process for tests and benchmarks that
 * stop and restart it, reading the chosen ports from its log lines.
 *
 * @module
 */

/** A running server process. */
export interface ServerProcess {
  /** The telnet port; 0 when the server runs without telnet. */
  telnetPort: number;
  /** The HTTP (or HTTPS) port, when the server logged one. */
  httpPort?: number;
  /** The telnet-over-TLS port, when the server logged one. */
  telnetTlsPort?: number;
  /** Sends a signal and waits for the process to exit; returns its code. */
  stop(signal?: Deno.Signal): Promise<number>;
}

/** Options for `startServerProcess`. */
export interface ServerProcessOptions {
  env?: Record<string, string>;
  /** How long to wait for the listening lines. */
  timeoutMs?: number;
  /** Whether a telnet listener is expected (false on Deno Deploy). Default true. */
  telnet?: boolean;
  /** Whether a telnet-over-TLS listener is expected. Default false. */
  telnetTls?: boolean;
  /** PBKDF2 cost of new password hashes. Default 1 000: real hashing, cheap. */
  pbkdf2Iterations?: number;
  /** Deno's permission flags. Default `-A`. */
  permissions?: readonly string[];
  /** Working directory, where `./data` is. Default the repository root. */
  cwd?: string | URL;
}

const ROOT = new URL("../../", import.meta.url);

/**
 * The `deno` command line that runs `main.ts` with `args` after free ports
 * and cheap hashing (so `args` may override them), from any directory.
 */
export function serverCommand(
  args: string[],
  options: ServerProcessOptions = {},
): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...(options.permissions ?? ["-A"]),
      "--config",
      new URL("deno.json", ROOT).pathname,
      new URL("main.ts", ROOT).pathname,
      "--telnet-port",
      "0",
      "--port",
      "0",
      "--pbkdf2-iterations",
      String(options.pbkdf2Iterations ?? 1_000),
      ...args,
    ],
    cwd: options.cwd ?? ROOT,
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** Starts `main.ts` with `args` plus free ports and cheap hashing. */
export async function startServerProcess(
  args: string[],
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const child = serverCommand(args, options).spawn();
  const stderr = drain(child.stderr);
  const lines = textReader(child.stdout);
  let out = "";
  const ports: { telnet?: number; http?: number; tls?: number } = {};
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const timer = setTimeout(
    () => child.kill("SIGKILL"),
    options.timeoutMs ?? 20_000,
  );
  try {
    // main.ts logs the HTTP port (if any), then telnet, then telnet over TLS.
    const ready = () =>
      options.telnetTls
        ? ports.tls !== undefined
        : options.telnet === false
        ? ports.http !== undefined
        : ports.telnet !== undefined;
    while (!ready()) {
      const { value, done } = await lines.read();
      if (done || Date.now() > deadline) {
        throw new Error(`Server did not start:\n${out}\n${await stderr}`);
      }
      out += value;
      ports.telnet ??= match(out, /telnet listening on [\d.]+:(\d+)/);
      ports.http ??= match(out, /https? listening on [\d.]+:(\d+)/);
      ports.tls ??= match(out, /telnet-tls listening on [\d.]+:(\d+)/);
    }
  } finally {
    clearTimeout(timer);
  }
  // Keep reading so the child never blocks on a full pipe.
  const rest = (async () => {
    try {
      while (!(await lines.read()).done) { /* discard */ }
    } catch { /* closed */ }
  })();
  return {
    telnetPort: ports.telnet ?? 0,
    httpPort: ports.http,
    telnetTlsPort: ports.tls,
    async stop(signal: Deno.Signal = "SIGTERM") {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
      const status = await child.status;
      await rest;
      await stderr;
      return status.code;
    },
  };
}

function match(text: string, pattern: RegExp): number | undefined {
  const m = text.match(pattern);
  return m ? Number(m[1]) : undefined;
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    text += decoder.decode(chunk, { stream: true });
  }
  return text;
}

function textReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  return {
    async read(): Promise<{ value: string; done: boolean }> {
      const { value, done } = await reader.read();
      const text = value ? decoder.decode(value, { stream: true }) : "";
      return { value: text, done };
    },
  };
}
