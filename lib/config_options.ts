/**
 * The table of command-line options: each flag, its environment variable,
 * default and `--help` line, plus which flags fill which `Limits` field.
 * `config.ts` parses and checks the values.
 *
 * @module
 */
import {
  DEFAULT_LIMITS,
  DEFAULT_PBKDF2_ITERATIONS,
  type Limits,
} from "./chat/mod.ts";

/** The storage backends `--backend` accepts. */
export const BACKENDS = ["memory", "kv", "redis", "dynamodb"] as const;
/** One of `BACKENDS`. */
export type BackendName = typeof BACKENDS[number];
/** The buses `--bus` accepts. */
export const BUSES = ["memory", "redis", "kv"] as const;
/** One of `BUSES`. */
export type BusName = typeof BUSES[number];

/** The HTTP servers `--http-engine` accepts (`lib/web/serve.ts`). */
export const HTTP_ENGINES = ["deno", "node"] as const;
/** One of `HTTP_ENGINES`. */
export type HttpEngine = typeof HTTP_ENGINES[number];
/**
 * What `--http-engine` is when not given: `auto` is node, except on Deno
 * Deploy, which serves through `Deno.serve` only (docs/security.md, "HTTP
 * engines").
 */
export const DEFAULT_HTTP_ENGINE = "auto";

/** Flags that set a limit, the `Limits` field each fills, and the least value. */
export const LIMIT_FLAGS: Array<[string, keyof Limits, number]> = [
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
    flag: "telnet-tls-port",
    env: "TELNET_TLS_PORT",
    default: "off",
    help:
      "telnet over TLS port (needs --tls-cert and --tls-key); 0 picks a free one",
  },
  {
    flag: "port",
    env: "PORT",
    default: "8000",
    help: "HTTP port (HTTPS with --tls-cert); 0 picks a free one",
  },
  {
    flag: "tls-cert",
    env: "TLS_CERT",
    default: "",
    help:
      "PEM certificate chain file: HTTP becomes HTTPS, and telnet over TLS may be on",
  },
  {
    flag: "tls-key",
    env: "TLS_KEY",
    default: "",
    help: "PEM private key file for --tls-cert",
  },
  {
    flag: "http-engine",
    env: "HTTP_ENGINE",
    default: DEFAULT_HTTP_ENGINE,
    help:
      "HTTP server: node bounds header time and counts HTTP connections per address " +
      "and cuts oversized WebSocket frames unread; deno is Deno.serve; auto is node (deno on Deploy)",
  },
  {
    flag: "http-header-timeout",
    env: "HTTP_HEADER_TIMEOUT",
    default: "10",
    help: "seconds a client has to send its request headers (node engine)",
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
    default: "10000",
  },
  limit(
    "max-connections",
    "live connections per instance; 0 no limit",
    "maxConnections",
  ),
  limit(
    "max-connections-per-address",
    "live connections per IP address (telnet, WebSocket, HTTP); 0 no limit",
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
