/**
 * Chromium for browser tests, through playwright-core. The binary is, in
 * order: `CHROMIUM_PATH` (a path, or `npm` to skip the system one), Debian's
 * `/usr/bin/chromium` when installed, else the headless build that
 * `npm:@sparticuz/chromium` ships. That one is unpacked (~200 MB, 3 s) once
 * per version into the temp folder and shared by every test process: each
 * unpacks into its own staging folder and renames it into place, so
 * processes racing to unpack never see a half-written binary.
 *
 * @module
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import Chromium, { inflate } from "@sparticuz/chromium";
import { type Browser, chromium } from "playwright-core";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * Flags for every binary: no sandbox (root in CI), nothing phoning home.
 * Not the npm package's `Chromium.args`, which are tuned for AWS Lambda:
 * there `--single-process` lets one browser context see another's signed-in
 * user (a test caught it), and three flags turn web security off.
 */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A Chromium binary and how to run it. */
export interface ChromiumBinary {
  /** Where it came from. */
  source: "CHROMIUM_PATH" | "system" | "npm";
  /** The binary to launch. */
  executablePath: string;
  /** Its command-line flags. */
  args: string[];
  /** The browser's whole environment, when it needs more than ours. */
  env?: Record<string, string>;
}

let found: Promise<ChromiumBinary> | undefined;

/** Picks the binary (once per process), unpacking the npm one if needed. */
export function findChromium(): Promise<ChromiumBinary> {
  return found ??= pick();
}

/** Launches a headless browser from `findChromium()`. */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args, env } = await findChromium();
  return await chromium.launch({ executablePath, args, env, headless: true });
}

async function pick(): Promise<ChromiumBinary> {
  const chosen = Deno.env.get("CHROMIUM_PATH");
  if (chosen && chosen !== "npm") {
    return { source: "CHROMIUM_PATH", executablePath: chosen, args: FLAGS };
  }
  if (chosen !== "npm" && await isFile(SYSTEM_CHROMIUM)) {
    return { source: "system", executablePath: SYSTEM_CHROMIUM, args: FLAGS };
  }
  const dir = await unpacked();
  const ldPath = Deno.env.get("LD_LIBRARY_PATH");
  return {
    source: "npm",
    executablePath: join(dir, "chromium"),
    args: FLAGS,
    env: {
      ...Deno.env.toObject(),
      // NSS and expat ship with the package, so no system library is needed.
      LD_LIBRARY_PATH: [join(dir, "al2023", "lib"), ldPath].filter(Boolean)
        .join(":"),
      FONTCONFIG_PATH: join(dir, "fonts"),
    },
  };
}

/** The folder holding the unpacked npm Chromium, unpacking it if missing. */
async function unpacked(): Promise<string> {
  const pkg = new URL("../", import.meta.resolve("@sparticuz/chromium"));
  const { version } = JSON.parse(
    await Deno.readTextFile(new URL("package.json", pkg)),
  );
  const name = `parley-chromium-${version}`;
  const dir = join(tmpdir(), name);
  if (await isFile(join(dir, "chromium"))) return dir;
  console.error(`browser tests: unpacking Chromium ${version} into ${dir}`);
  const staging = await Deno.makeTempDir({
    dir: tmpdir(),
    prefix: `${name}.part-`,
  });
  try {
    const path = await unpackInto(staging, new URL("bin/", pkg).pathname);
    if (path !== join(staging, "chromium")) {
      throw new Error(
        `@sparticuz/chromium unpacked to ${path}, not ${staging}`,
      );
    }
    // The shipped fonts.conf names /tmp/fonts; point it at this folder.
    await Deno.writeTextFile(
      join(staging, "fonts", "fonts.conf"),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n` +
        `<fontconfig>\n  <dir>${join(dir, "fonts", "fonts")}</dir>\n` +
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `</fontconfig>\n`,
    );
    try {
      await Deno.rename(staging, dir);
    } catch (error) {
      // Another process renamed its copy into place first: use that one.
      if (!(await isFile(join(dir, "chromium")))) throw error;
    }
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
  return dir;
}

/**
 * Unpacks the browser, its fonts and graphics libraries, and the NSS
 * libraries into `dir`. The package unpacks into `os.tmpdir()`, which it
 * reads synchronously when each unpack starts, so `TMPDIR` points at `dir`
 * only for that synchronous stretch and nothing else in the process sees it.
 */
function unpackInto(dir: string, bin: string): Promise<string> {
  const before = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", dir);
  try {
    const unpacking = Promise.all([
      Chromium.executablePath(bin),
      inflate(join(bin, "al2023.tar.br")),
    ]);
    return unpacking.then(([path]) => path);
  } finally {
    if (before === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", before);
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
