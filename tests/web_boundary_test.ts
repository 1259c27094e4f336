import assert from "node:assert/strict";
import { importsOf, resolve, sources } from "./_support/imports.ts";

const CLIENT = "lib/web/client/";
// What the browser bundle may load besides its own files.
const BROWSER_PACKAGES = /^(preact(\/.*)?|@preact\/signals)$/;

Deno.test("browser code (lib/web/client and islands) imports no server module", async () => {
  const offenders: string[] = [];
  const queue = [`${CLIENT}mod.ts`, ...await sources("islands")];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of await importsOf(file)) {
      if (!spec.startsWith(".")) {
        if (!BROWSER_PACKAGES.test(spec)) {
          offenders.push(`${file} imports ${spec}`);
        }
        continue;
      }
      const target = resolve(file, spec);
      if (!target.startsWith(CLIENT) && !target.startsWith("islands/")) {
        offenders.push(`${file} imports ${target}`);
      } else if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  assert.deepEqual(offenders, []);
  // The walk really reached the client folder through the islands.
  assert.ok(seen.has(`${CLIENT}store.ts`));
});

Deno.test("server code imports no browser module (islands are the only bridge)", async () => {
  const offenders: string[] = [];
  const files = [
    "main.ts",
    ...(await sources("lib")).filter((f) => !f.startsWith(CLIENT)),
    ...await sources("routes"),
    ...await sources("components"),
    ...await sources("scripts"),
    ...await sources("bench"),
  ];
  for (const file of files) {
    for (const spec of await importsOf(file)) {
      if (spec.startsWith(".") && resolve(file, spec).startsWith(CLIENT)) {
        offenders.push(`${file} imports ${resolve(file, spec)}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

Deno.test("only lib/web imports Hono", async () => {
  const offenders: string[] = [];
  for (const dir of ["routes", "islands", "lib", "scripts", "components"]) {
    for (const file of await sources(dir)) {
      if (file.startsWith("lib/web/")) continue;
      for (const spec of await importsOf(file)) {
        if (/^(npm:)?hono([/@]|$)/.test(spec)) offenders.push(file);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
