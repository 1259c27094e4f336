/**
 * Server configuration from command-line flags and environment variables;
 * a flag wins over its variable, which wins over the default.
 *
 * @module
 */
import {
  DEFAULT_LIMITS,
  type Limits,
  NAME_LENGTH_CEILING,
} from "./chat/mod.ts";
import { parseArgs } from "node:util";
import type { LogFormat } from "./log.ts";
import {
  type BackendName,
  BACKENDS,
  BUSES,
  type BusName,
  HTTP_ENGINES,
  type HttpEngine,
  LIMIT_FLAGS,
  OPTIONS,
} from "./config_options.ts";

export {
  type BackendName,
  BACKENDS,
  BUSES,
  type BusName,
  OPTIONS,
} from "./config_options.ts";

/** Everything `main.ts` needs to start a server. */
export interface Config {
  hostname: string;
  /** TCP port for telnet; null turns the telnet listener off. */
  telnetPort: number | null;
  /** TCP port for telnet over TLS; null (the default) turns it off. */
  telnetTlsPort: number | null;
  /** PEM files for TLS (HTTPS, telnet over TLS); null when not given. */
  tls: { certFile: string; keyFile: string } | null;
  port: number;
  /** The HTTP server (`lib/web/serve.ts`); deno on Deno Deploy. */
  httpEngine: HttpEngine;
  /** Seconds to send request headers (node engine). */
  headerTimeoutSeconds: number;
  backend: BackendName;
  bus: BusName;
  /** Seconds a dead instance's participants stay online for others. */
  presenceTtlSeconds: number;
  idleTimeoutSeconds: number;
  pbkdf2Iterations: number;
  kvPath: string;
  redisUrl: string;
  redisPrefix: string;
  createTable: boolean;
  logFormat: LogFormat;
  /** What the chat core enforces (rates, sizes, connection counts). */
  limits: Limits;
  /** Longest telnet input line, in bytes. */
  maxLineBytes: number;
  /** Largest WebSocket frame, in bytes. */
  maxFrameBytes: number;
  /** Unread outgoing bytes before a client is dropped. */
  maxQueuedBytes: number;
  /** Unread outgoing telnet writes before a client is dropped. */
  maxQueuedMessages: number;
  help: boolean;
}

/** Parses flags over environment over defaults; throws a `TypeError` on bad values. */
export function loadConfig(
  args: string[],
  env: { get(key: string): string | undefined } = Deno.env,
): Config {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      "no-create-table": { type: "boolean" },
      ...Object.fromEntries(
        OPTIONS.filter((o) => o.flag !== "no-create-table").map((
          o,
        ) => [o.flag, { type: "string" as const }]),
      ),
    },
  });
  const given = (flag: string): string | undefined => {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value === "string") return value;
    const option = OPTIONS.find((o) => o.flag === flag)!;
    return (option.env && env.get(option.env)) || undefined;
  };
  const get = (flag: string): string =>
    given(flag) ?? OPTIONS.find((o) => o.flag === flag)!.default;
  const deploy = Boolean(env.get("DENO_DEPLOY"));
  const backend = oneOf(get("backend"), BACKENDS, "backend");
  const busName = get("bus");
  const bus = busName === "auto"
    ? backend === "redis"
      ? "redis"
      : backend === "kv" && deploy
      ? "kv"
      : "memory"
    : oneOf(busName, BUSES, "bus");
  const logFormat = oneOf(
    get("log-format"),
    ["text", "json"] as const,
    "log format",
  );
  // Deploy has no writable disk; its default KV database is shared by instances.
  const kvPath = deploy ? given("kv-path") ?? "" : get("kv-path");
  const telnet = get("telnet-port");
  const telnetTls = get("telnet-tls-port");
  const tls = tlsFiles(given("tls-cert"), given("tls-key"));
  const telnetTlsPort = telnetTls === "off" || deploy
    ? null
    : port(telnetTls, "telnet-tls-port");
  if (telnetTlsPort !== null && tls === null) {
    throw new TypeError("--telnet-tls-port needs --tls-cert and --tls-key");
  }
  return {
    hostname: get("hostname"),
    httpEngine: httpEngine(get("http-engine"), { deploy }),
    headerTimeoutSeconds: number(
      get("http-header-timeout"),
      "http-header-timeout",
      1,
    ),
    telnetPort: telnet === "off" || deploy ? null : port(telnet, "telnet-port"),
    telnetTlsPort,
    tls,
    port: port(get("port"), "port"),
    backend,
    bus,
    presenceTtlSeconds: number(get("presence-ttl"), "presence-ttl", 1),
    idleTimeoutSeconds: number(get("idle-timeout"), "idle-timeout", 0),
    pbkdf2Iterations: number(get("pbkdf2-iterations"), "pbkdf2-iterations", 1),
    kvPath,
    redisUrl: get("redis-url"),
    redisPrefix: get("redis-prefix"),
    createTable: !values["no-create-table"],
    logFormat,
    limits: checkedLimits({
      ...Object.fromEntries(
        LIMIT_FLAGS.map(([flag, field, min]) => [
          field,
          flag === "msg-rate"
            ? decimal(get(flag), flag)
            : number(get(flag), flag, min),
        ]),
      ),
      // `given` turns an empty value into "not given"; read it directly.
      trustedAddresses: trusted(values, env),
    } as unknown as Limits),
    maxLineBytes: number(get("max-line-bytes"), "max-line-bytes", 64),
    maxFrameBytes: number(get("max-frame-bytes"), "max-frame-bytes", 256),
    maxQueuedBytes: number(get("max-queued-bytes"), "max-queued-bytes", 4096),
    maxQueuedMessages: number(
      get("max-queued-messages"),
      "max-queued-messages",
      1,
    ),
    help: values.help ?? false,
  };
}

/** The `--help` text. */
export function helpText(): string {
  const width = Math.max(...OPTIONS.map((o) => o.flag.length)) + 2;
  const rows = OPTIONS.map((o) => {
    const env = o.env ? ` [${o.env}]` : "";
    const value = o.default === "" ? "none" : o.default;
    return `  --${o.flag.padEnd(width)}${o.help} (default ${value})${env}`;
  });
  return [
    "Parley, a chat server for telnet and browsers",
    "",
    "Usage: deno task start [options]",
    "",
    ...rows,
  ].join(
    "\n",
  );
}

function tlsFiles(
  certFile: string | undefined,
  keyFile: string | undefined,
): Config["tls"] {
  // An empty value is the documented default: none.
  certFile ||= undefined;
  keyFile ||= undefined;
  if (certFile === undefined && keyFile === undefined) return null;
  if (certFile === undefined || keyFile === undefined) {
    throw new TypeError("--tls-cert and --tls-key must be given together");
  }
  return { certFile, keyFile };
}

// Deno Deploy serves with Deno.serve only.
function httpEngine(value: string, where: { deploy: boolean }): HttpEngine {
  if (where.deploy) return "deno";
  return value === "auto" ? "node" : oneOf(value, HTTP_ENGINES, "HTTP engine");
}

function checkedLimits(limits: Limits): Limits {
  if (limits.maxNameLength > NAME_LENGTH_CEILING) {
    throw new TypeError(
      `--max-name-length must be at most ${NAME_LENGTH_CEILING}`,
    );
  }
  if (limits.minNameLength > limits.maxNameLength) {
    throw new TypeError("--min-name-length must not exceed --max-name-length");
  }
  return limits;
}

function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  what: string,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const article = /^[aeiou]/.test(what) ? "an" : "a";
  throw new TypeError(
    `Unknown ${what} "${value}"; choose ${article} ${what} from ${
      allowed.join(", ")
    }`,
  );
}

function port(value: string, flag: string): number {
  const n = number(value, flag, 0);
  if (n > 65535) {
    throw new TypeError(`--${flag} must be a port from 0 to 65535`);
  }
  return n;
}

function trusted(
  values: Record<string, unknown>,
  env: { get(key: string): string | undefined },
): string[] {
  const raw = typeof values["trusted-addresses"] === "string"
    ? values["trusted-addresses"] as string
    : env.get("CHAT_TRUSTED_ADDRESSES") ??
      DEFAULT_LIMITS.trustedAddresses.join(",");
  return raw.split(",").map((a) => a.trim()).filter((a) => a !== "");
}

function decimal(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new TypeError(
      `--${flag} must be a number of at least 0, not "${value}"`,
    );
  }
  return n;
}

function number(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new TypeError(
      `--${flag} must be a whole number of at least ${min}, not "${value}"`,
    );
  }
  return n;
}
