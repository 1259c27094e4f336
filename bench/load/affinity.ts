/**
 * CPU pinning with `taskset` (util-linux): `--server-cpus` wraps each
 * server command in `taskset -c LIST`, which sets the affinity and then
 * execs the server, so the child's PID stays the server's; `--tool-cpus`
 * runs this script again under `taskset -c LIST`, so every thread of the
 * tool starts on those CPUs. Deno cannot set affinity itself.
 *
 * @module
 */

import { reexecUnder } from "./reexec.ts";

const MARKER = "PARLEY_LOAD_PINNED";

/** Checks a `taskset -c` list such as `0`, `1,3` or `0-1`. */
export function cpuList(text: string, what: string): string {
  const ok = /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text);
  if (!ok) {
    throw new TypeError(`--${what} must be a CPU list like 0, 1,3 or 0-1`);
  }
  return text;
}

/** The CPUs a list names, e.g. `0-2,5` → 0,1,2,5. */
export function expandCpus(list: string): number[] {
  const cpus = new Set<number>();
  for (const part of list.split(",")) {
    const [from, to = from] = part.split("-").map(Number);
    for (let cpu = from; cpu <= to && cpu - from < 4096; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** This process's allowed CPUs (`Cpus_allowed_list` of `/proc/self/status`). */
export function ownCpus(): string {
  const status = Deno.readTextFileSync("/proc/self/status");
  return status.match(/^Cpus_allowed_list:\s*(\S+)/m)?.[1] ?? "";
}

/** Every online CPU, e.g. `0-1`: what an unpinned server may use. */
export function onlineCpus(): string {
  return Deno.readTextFileSync("/sys/devices/system/cpu/online").trim();
}

/** The command and arguments that run `command args` on `cpus`, if given. */
export function pinnedCommand(
  command: string,
  args: string[],
  cpus: string | undefined,
): { command: string; args: string[] } {
  return cpus === undefined
    ? { command, args }
    : { command: "taskset", args: ["-c", cpus, command, ...args] };
}

/**
 * Returns null when this process already runs on exactly `cpus` (or none
 * were asked for); otherwise runs this script again under `taskset -c` and
 * returns its exit code.
 */
export async function ensureToolCpus(
  cpus: string | undefined,
): Promise<number | null> {
  if (cpus === undefined) return null;
  const same = (a: string, b: string) =>
    expandCpus(a).join() === expandCpus(b).join();
  if (same(ownCpus(), cpus)) return null;
  if (Deno.env.get(MARKER)) {
    throw new Error(`taskset -c ${cpus} left the tool on CPUs ${ownCpus()}`);
  }
  console.error(`re-running the load tool under taskset -c ${cpus}`);
  return await reexecUnder("taskset", ["-c", cpus], { marker: MARKER });
}
