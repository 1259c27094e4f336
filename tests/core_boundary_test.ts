import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/g;

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await sources(path));
    else if (/\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

async function importsOf(path: string): Promise<string[]> {
  const text = await Deno.readTextFile(new URL(path, ROOT));
  return [...text.matchAll(IMPORT)].map((m) => m[1]);
}

// Resolves a relative specifier against the importing file, as a root path.
function resolve(from: string, specifier: string): string {
  return new URL(specifier, new URL(from, ROOT)).pathname
    .slice(ROOT.pathname.length);
}

Deno.test("chat core imports nothing outside lib/chat", async () => {
  const offenders: string[] = [];
  for (const file of await sources("lib/chat")) {
    for (const spec of await importsOf(file)) {
      const inside = spec.startsWith(".") &&
        resolve(file, spec).startsWith("lib/chat/");
      if (!inside) offenders.push(`${file} imports ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

Deno.test("code outside the core reaches it only through lib/chat/mod.ts", async () => {
  const offenders: string[] = [];
  const files = [
    "main.ts",
    ...(await sources("lib")).filter((f) => !f.startsWith("lib/chat/")),
    ...await sources("routes"),
    ...await sources("islands"),
    ...await sources("components"),
    ...await sources("scripts"),
    ...await sources("bench"),
  ];
  for (const file of files) {
    for (const spec of await importsOf(file)) {
      if (!spec.startsWith(".")) continue;
      const target = resolve(file, spec);
      if (target.startsWith("lib/chat/") && target !== "lib/chat/mod.ts") {
        offenders.push(`${file} imports ${target}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
