/**
 * Server configuration from command-line flags and environment variables;
 * a flag wins over its variable, which wins over the default.
 *
 * @module
 */
import { NAME_LENGTH_CEILING } from "./chat/validation.ts";
import { parseArgs } from "node:util";
import { DEFAULT_PBKDF2_ITERATIONS } from "./chat/password.ts";
import type { LogFormat } from "./log.ts";
import { DEFAULT_LIMITS, type Limits } from "./chat/limits.ts";

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

/** Flags that set a limit, the `Limits` field each fills, and the least value. */
const LIMIT_FLAGS: Array<[string, keyof Limits, number]> = [
  ["msg-burst", "msgBurst", 1],
  ["msg-rate", "msgRate", 0],
  ["flood-kick-seconds", "floodKickSeconds", 1],
  ["max-message-bytes", "maxMessageBytes", 1],
  ["max-connections", "maxConnections", 0],
  ["max-connections-per-address", "maxConnectionsPerAddress", 0],
  ["login-failures", "loginFailuresPerName", 1],
  ["login-failures-per-address", "loginFailuresPerAddress", 1],
  ["login-window", "loginWindowSeconds", 1],
  ["registrations-per-hour", "registrationsPerHour", 1],
  ["max-pending-requests", "maxPendingPerChannel", 1],
  ["max-channels-per-owner", "maxChannelsPerOwner", 0],
  ["min-name-length", "minNameLength", 1],
  ["max-name-length", "maxNameLength", 1],
];

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
  // Hardening; docs/security.md explains each limit.
  limit("msg-burst", "messages a participant may send at once", "msgBurst"),
  limit(
    "msg-rate",
    "messages per second per participant after the burst; 0 turns flood control off",
    "msgRate",
  ),
  limit(
    "flood-kick-seconds",
    "seconds at 10x the rate before a flooder is disconnected",
    "floodKickSeconds",
  ),
  limit(
    "max-message-bytes",
    "largest message in UTF-8 bytes",
    "maxMessageBytes",
  ),
  {
    ...limit("max-line-bytes", "longest telnet input line in bytes"),
    default: "8192",
  },
  {
    ...limit("max-frame-bytes", "largest WebSocket frame in bytes"),
    default: "16384",
  },
  {
    ...limit(
      "max-queued-bytes",
      "unread outgoing bytes before a client is dropped",
    ),
    default: String(1 << 20),
  },
  {
    ...limit(
      "max-queued-messages",
      "unread outgoing telnet lines before a client is dropped",
    ),
    default: "1000",
  },
  limit(
    "max-connections",
    "live connections per instance; 0 no limit",
    "maxConnections",
  ),
  limit(
    "max-connections-per-address",
    "live connections per IP address; 0 no limit",
    "maxConnectionsPerAddress",
  ),
  limit(
    "login-failures",
    "failed logins per name per window before a cool-down",
    "loginFailuresPerName",
  ),
  limit(
    "login-failures-per-address",
    "failed logins per address per window before a cool-down",
    "loginFailuresPerAddress",
  ),
  limit(
    "login-window",
    "seconds of the login window and cool-down",
    "loginWindowSeconds",
  ),
  limit(
    "registrations-per-hour",
    "new accounts per address per hour",
    "registrationsPerHour",
  ),
  limit(
    "max-pending-requests",
    "pending join requests per channel",
    "maxPendingPerChannel",
  ),
  limit(
    "max-channels-per-owner",
    "channels one participant may own; 0 no limit",
    "maxChannelsPerOwner",
  ),
  limit(
    "min-name-length",
    "shortest name for a new participant or channel",
    "minNameLength",
  ),
  limit(
    "max-name-length",
    "longest name for a new participant or channel (at most 64)",
    "maxNameLength",
  ),
  {
    flag: "trusted-addresses",
    env: "CHAT_TRUSTED_ADDRESSES",
    default: DEFAULT_LIMITS.trustedAddresses.join(","),
    help:
      "comma-separated addresses exempt from per-address limits (a local proxy); empty for none",
  },
];

function limit(flag: string, help: string, field?: keyof Limits): Option {
  const env = "CHAT_" + flag.toUpperCase().replaceAll("-", "_");
  return {
    flag,
    env,
    default: field ? String(DEFAULT_LIMITS[field]) : "",
    help,
  };
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
