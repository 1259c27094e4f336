/**
 * Builds the browser bundles once per test process when `_fresh/js/` is
 * missing, for tests that load pages in a browser.
 *
 * @module
 */

let built: Promise<void> | undefined;

/** Runs `deno task build` once when `_fresh/js/` is missing. */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    const entry = new URL("../../_fresh/js/client_entry.js", import.meta.url);
    try {
      await Deno.stat(entry);
      return;
    } catch {
      // Not built yet on a fresh checkout.
    }
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "build"],
      cwd: new URL("../../", import.meta.url),
      stdout: "null",
      stderr: "inherit",
    }).output();
    if (code !== 0) throw new Error("deno task build failed");
  })();
  return built;
}
