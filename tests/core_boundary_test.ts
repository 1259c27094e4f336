import assert from "node:assert/strict";
import { importsOf, resolve, sources } from "./_support/imports.ts";

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
