/**
 * Re-runs the load tool under a wrapper command (`prlimit`, `taskset`), with
 * a marker variable so the child knows not to do it again.
 *
 * @module
 */

/** Runs this tool again as `wrapper ...args <deno run -A tool ...>`; its exit code. */
export async function reexecUnder(
  wrapper: string,
  args: string[],
  options: { marker: string },
): Promise<number> {
  const child = new Deno.Command(wrapper, {
    args: [
      ...args,
      Deno.execPath(),
      "run",
      "-A",
      new URL(Deno.mainModule).pathname,
      ...Deno.args,
    ],
    env: { [options.marker]: "1" },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  return (await child.status).code;
}
