/**
 * Reading the project's import graph for the boundary tests: source files
 * under a folder, the specifiers a file imports, and where a relative one
 * points.
 *
 * @module
 */

/** The project root. */
export const ROOT: URL = new URL("../../", import.meta.url);
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/g;

/** Every `.ts`/`.tsx` file under `dir`, as root-relative paths. */
export async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await sources(path));
    else if (/\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** The specifiers `path` imports or re-exports from. */
export async function importsOf(path: string): Promise<string[]> {
  const text = await Deno.readTextFile(new URL(path, ROOT));
  return [...text.matchAll(IMPORT)].map((m) => m[1]);
}

/** A relative specifier resolved against the importing file, as a root path. */
export function resolve(from: string, specifier: string): string {
  return new URL(specifier, new URL(from, ROOT)).pathname
    .slice(ROOT.pathname.length);
}
