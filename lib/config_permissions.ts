/**
 * What a configuration needs of Deno's permissions, checked before anything
 * opens: `deno task start` may write only in `./data`, so `--kv-path`
 * elsewhere must end in one line saying what to run instead, not in a
 * `NotCapable` stack trace halfway through start-up.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import type { Config } from "./config.ts";

/** The permission flags of `deno task start` (a test keeps them equal to deno.json's). */
export const START_FLAGS: readonly string[] = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write=./data",
  "--allow-sys",
];

/** One permission an option needs, and the directory to add to `--allow-write`. */
interface Need {
  option: string;
  descriptor: Deno.PermissionDescriptor;
  writeDir?: string;
}

/**
 * Returns null when this process may do everything `config` asks, else one
 * line naming the option and the `deno run` command (with `args`) that
 * grants it.
 */
export async function permissionProblem(
  config: Config,
  args: string[],
): Promise<string | null> {
  for (const need of needs(config)) {
    const { state } = await Deno.permissions.query(need.descriptor);
    if (state === "granted") continue;
    const flags = START_FLAGS.map((flag) =>
      need.writeDir && flag.startsWith("--allow-write=")
        ? `${flag},${need.writeDir}`
        : flag
    );
    const command = ["deno", "run", ...flags, "main.ts", ...args]
      .map(quote).join(" ");
    const why = need.writeDir
      ? " (deno task start may write only in ./data)"
      : "";
    return `${need.option} needs ${describe(need.descriptor)}${why}; run ` +
      `instead: ${command}`;
  }
  return null;
}

function needs(config: Config): Need[] {
  const list: Need[] = [
    {
      option: `--hostname ${config.hostname}`,
      descriptor: { name: "net", host: config.hostname },
    },
  ];
  const kvFile = config.kvPath !== "" && config.kvPath !== ":memory:";
  if (kvFile && (config.backend === "kv" || config.bus === "kv")) {
    // The directory is created if missing, and KV keeps side files there.
    const dir = dirname(resolve(config.kvPath));
    const option = `--kv-path ${config.kvPath}`;
    list.push(
      { option, descriptor: { name: "read", path: dir } },
      { option, descriptor: { name: "write", path: dir }, writeDir: dir },
    );
  }
  if (config.backend === "redis" || config.bus === "redis") {
    list.push({
      option: `--redis-url ${config.redisUrl}`,
      descriptor: { name: "net", host: hostOf(config.redisUrl) },
    });
  }
  if (config.backend === "dynamodb") {
    const endpoint = Deno.env.get("DYNAMODB_ENDPOINT");
    list.push({
      option: endpoint ? `DYNAMODB_ENDPOINT=${endpoint}` : "--backend dynamodb",
      descriptor: endpoint
        ? { name: "net", host: hostOf(endpoint) }
        : { name: "net" },
    });
  }
  return list;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined; // Reported by the client that parses it.
  }
}

function describe(descriptor: Deno.PermissionDescriptor): string {
  switch (descriptor.name) {
    case "write":
      return `write access to ${descriptor.path}`;
    case "read":
      return `read access to ${descriptor.path}`;
    case "net":
      return descriptor.host
        ? `network access to ${descriptor.host}`
        : "network access";
    default:
      return `the ${descriptor.name} permission`;
  }
}

// Quotes an argument for a POSIX shell when it needs it.
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg)
    ? arg
    : `'${arg.replaceAll("'", `'\\''`)}'`;
}
