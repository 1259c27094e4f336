/**
 * The one rule for suites that need a program from a Debian package
 * (redis-server, telnet, tmux, openssl): where it is missing they are skipped
 * with a loud warning, except under `CI=true`, where a missing program is a
 * failing test naming the package, so CI can never pass by skipping them.
 *
 * @module
 */

/** A program a suite needs, and how to get it. */
export interface RequiredTool {
  /** Program name, as shown in the warning. */
  name: string;
  /** Whether it can be run here. */
  installed(): Promise<boolean>;
  /** Debian package(s) that provide it. */
  packages: string;
  /** What is skipped without it, e.g. "the Redis backend tests". */
  needs: string;
}

/**
 * Whether suites needing `tool` should be ignored. Call it at module top
 * level: under CI it registers the failing test.
 */
export async function skipWithout(tool: RequiredTool): Promise<boolean> {
  if (await tool.installed()) return false;
  if (Deno.env.get("CI") === "true") {
    Deno.test(`${tool.name} installed (required under CI=true)`, () => {
      throw new Error(
        `Missing ${tool.name}: apt-get install -y ${tool.packages} ` +
          `(.ci/run installs it), or ${tool.needs} cannot run`,
      );
    });
    return true;
  }
  console.warn(
    `\n!!! Missing ${tool.name}: ${tool.needs} are IGNORED. ` +
      `Install it with \`apt-get install -y ${tool.packages}\`. !!!\n`,
  );
  return true;
}

/** Whether an executable called `name` is on the PATH. */
export async function onPath(name: string): Promise<boolean> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir === "") continue;
    try {
      const info = await Deno.stat(`${dir}/${name}`);
      if (info.isFile && (info.mode ?? 0o111) & 0o111) return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}
