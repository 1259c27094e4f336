/**
 * The open-file limit. Deno cannot call setrlimit, so when the soft limit
 * is too low for the idle run the tool re-executes itself under `prlimit`;
 * the server, its child, inherits the raised limit.
 *
 * @module
 */

import { reexecUnder } from "./reexec.ts";

const MARKER = "PARLEY_LOAD_REEXEC";

/** The soft and hard `RLIMIT_NOFILE` of this process. */
export function fileLimits(): { soft: number; hard: number } {
  const text = Deno.readTextFileSync("/proc/self/limits");
  const m = text.match(/^Max open files\s+(\S+)\s+(\S+)/m);
  const value = (s: string | undefined) =>
    s === undefined || s === "unlimited" ? Infinity : Number(s);
  return { soft: value(m?.[1]), hard: value(m?.[2]) };
}

/**
 * Returns null when `needed` files fit; otherwise runs this script again
 * under a raised limit and returns its exit code.
 */
export async function ensureFileLimit(needed: number): Promise<number | null> {
  const { soft, hard } = fileLimits();
  if (soft >= needed || Deno.env.get(MARKER)) return null;
  // Raising the hard limit needs privileges; ask for no more than it allows
  // unless we are root.
  const target = Deno.uid() === 0
    ? Math.max(needed, 65536)
    : Math.min(hard, Math.max(needed, 65536));
  console.error(
    `open-file limit ${soft} < ${needed}: re-running under prlimit --nofile=${target}`,
  );
  return await reexecUnder(
    "prlimit",
    [`--nofile=${target}:${target}`, "--"],
    { marker: MARKER },
  );
}
