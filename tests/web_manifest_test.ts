import assert from "node:assert/strict";
import { generateManifest } from "../scripts/manifest.ts";
import { routePattern } from "../lib/web/server.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("fresh.gen.ts is up to date with routes/ and islands/ (run `deno task manifest`)", async () => {
  const checkedIn = await Deno.readTextFile(new URL("fresh.gen.ts", ROOT));
  assert.equal(checkedIn, await generateManifest(ROOT));
});

Deno.test("manifest generator lists every route and island file and skips helpers", async () => {
  const dir = await Deno.makeTempDir();
  const root = new URL(`file://${dir}/`);
  try {
    for (
      const file of [
        "routes/index.tsx",
        "routes/api/[id].ts",
        "routes/(_parts)/x.tsx",
        "islands/Chat.tsx",
        "islands/(_shared)/store.ts",
        "islands/_util.ts",
      ]
    ) {
      const url = new URL(file, root);
      await Deno.mkdir(new URL("./", url), { recursive: true });
      await Deno.writeTextFile(url, "export default 1;\n");
    }
    const text = await generateManifest(root);
    assert.match(text, /"\.\/routes\/index\.tsx": \$index,/);
    assert.match(text, /"\.\/routes\/api\/\[id\]\.ts": \$api__id_,/);
    assert.match(text, /"\.\/islands\/Chat\.tsx": \$\$Chat,/);
    assert.doesNotMatch(text, /_parts|store|_util/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("route files map to URL patterns as in Fresh", () => {
  assert.equal(routePattern("./routes/index.tsx"), "/");
  assert.equal(routePattern("./routes/login.tsx"), "/login");
  assert.equal(routePattern("./routes/api/login.ts"), "/api/login");
  assert.equal(routePattern("./routes/rooms/[room].tsx"), "/rooms/:room");
  assert.equal(routePattern("./routes/(group)/about.tsx"), "/about");
  assert.equal(routePattern("./routes/old/[...path].ts"), "/old/:path{.+}");
});
