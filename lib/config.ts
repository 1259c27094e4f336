/**
 * Server configuration from command-line flags and environment variables;
 * a flag wins over its variable, which wins over the default.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DEFAULT_PBKDF2_ITERATIONS } from "./chat/password.ts";
import type { LogFormat } from "./log.ts";

/** The storage backends `--backend` accepts. */
export const BACKENDS = ["memory", "kv", "redis", "dynamodb"] as const;
/** One of `BACKENDS`. */
export type BackendName = typeof BACKENDS[number];
/** The buses `--bus` accepts. */
export const BUSES = ["memory", "redis", "kv"] as const;
/** One of `BUSES`. */
export type BusName = typeof BUSES[number];

/** Everything `main.ts` needs to start a server. */
export interface Config {
  hostname: string;
  /** TCP port for telnet; null turns the telnet listener off. */
  telnetPort: number | null;
  port: number;
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
  help: boolean;
}

interface Option {
  flag: string;
  env?: string;
  default: string;
  help: string;
}

/** Every option, in `--help` order. */
export const OPTIONS: Option[] = [
  {
    flag: "hostname",
    env: "CHAT_HOSTNAME",
    default: "127.0.0.1",
    help: "address to listen on",
  },
  {
    flag: "telnet-port",
    env: "TELNET_PORT",
    default: "2323",
    help: "telnet port; 0 picks a free one, 'off' disables",
  },
  {
    flag: "port",
    env: "PORT",
    default: "8000",
    help: "HTTP port; 0 picks a free one",
  },
  {
    flag: "backend",
    env: "CHAT_BACKEND",
    default: "kv",
    help: `storage: ${BACKENDS.join(", ")}`,
  },
  {
    flag: "bus",
    env: "CHAT_BUS",
    default: "auto",
    help:
      `how instances reach each other: ${
        BUSES.join(", ")
      }; auto picks redis with ` +
      "the redis backend, kv with kv on Deno Deploy, else memory",
  },
  {
    flag: "presence-ttl",
    env: "CHAT_PRESENCE_TTL",
    default: "30",
    help:
      "seconds before a vanished instance's participants show offline (redis/kv bus)",
  },
  {
    flag: "idle-timeout",
    env: "CHAT_IDLE_TIMEOUT",
    default: "600",
    help: "seconds without input before disconnecting; 0 never",
  },
  {
    flag: "pbkdf2-iterations",
    env: "CHAT_PBKDF2_ITERATIONS",
    default: String(DEFAULT_PBKDF2_ITERATIONS),
    help: "PBKDF2 cost for new password hashes",
  },
  {
    flag: "kv-path",
    env: "CHAT_KV_PATH",
    default: "./data/parley.kv",
    help: "Deno KV file, :memory:, or empty for the default database (Deploy)",
  },
  {
    flag: "redis-url",
    env: "REDIS_URL",
    default: "redis://127.0.0.1:6379",
    help: "Redis server",
  },
  {
    flag: "redis-prefix",
    env: "CHAT_REDIS_PREFIX",
    default: "parley:",
    help: "prefix of every Redis key",
  },
  {
    flag: "no-create-table",
    default: "false",
    help: "never create the DynamoDB table (DYNAMODB_TABLE)",
  },
  {
    flag: "log-format",
    env: "CHAT_LOG_FORMAT",
    default: "text",
    help: "text or json",
  },
];

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
  return {
    hostname: get("hostname"),
    telnetPort: telnet === "off" || deploy ? null : port(telnet, "telnet-port"),
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
    help: values.help ?? false,
  };
}

/** The `--help` text. */
export function helpText(): string {
  const width = Math.max(...OPTIONS.map((o) => o.flag.length)) + 2;
  const rows = OPTIONS.map((o) => {
    const env = o.env ? ` [${o.env}]` : "";
    return `  --${o.flag.padEnd(width)}${o.help} (default ${o.default})${env}`;
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

function number(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new TypeError(
      `--${flag} must be a whole number of at least ${min}, not "${value}"`,
    );
  }
  return n;
}
