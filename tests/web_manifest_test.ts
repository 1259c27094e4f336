import assert from "node:assert/strict";
import { generateManifest } from "../scripts/manifest.ts";
import { routePattern } from "../lib/web/route_files.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("fresh.gen.ts is up to date with routes/ and islands/ (run `deno task manifest`)", async () => {
  const checkedIn = await Deno.readTextFile(new URL("fresh.gen.ts", ROOT));
  assert.equal(checkedIn, await generateManifest(ROOT));
});

// Writes `files` (each `export default 1;`) under a temporary project root.
async function withProject(
  files: string[],
  body: (root: URL) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const root = new URL(`file://${dir}/`);
  try {
    for (const file of files) {
      const url = new URL(file, root);
      await Deno.mkdir(new URL("./", url), { recursive: true });
      await Deno.writeTextFile(url, "export default 1;\n");
    }
    await body(root);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("manifest generator lists every route, special file and island, and skips helpers", async () => {
  await withProject([
    "routes/index.tsx",
    "routes/api/[id].ts",
    "routes/api/_middleware.ts",
    "routes/(shop)/_layout.tsx",
    "routes/_404.tsx",
    "routes/(_parts)/x.tsx",
    "routes/page_test.ts",
    "islands/Chat.tsx",
    "islands/(_shared)/store.ts",
    "islands/_util.ts",
  ], async (root) => {
    const text = await generateManifest(root);
    assert.match(text, /"\.\/routes\/index\.tsx": \$index,/);
    assert.match(text, /"\.\/routes\/api\/\[id\]\.ts": \$api__id_,/);
    assert.match(
      text,
      /"\.\/routes\/api\/_middleware\.ts": \$api__middleware,/,
    );
    assert.match(
      text,
      /"\.\/routes\/\(shop\)\/_layout\.tsx": \$_shop___layout,/,
    );
    assert.match(text, /"\.\/routes\/_404\.tsx": \$_404,/);
    assert.match(text, /"\.\/islands\/Chat\.tsx": \$\$Chat,/);
    assert.doesNotMatch(text, /_parts|store|_util|page_test/);
  });
});

Deno.test("manifest generator gives clashing file names distinct identifiers", async () => {
  await withProject(["routes/a-b.tsx", "routes/a_b.tsx"], async (root) => {
    const text = await generateManifest(root);
    assert.match(text, /import \* as \$a_b from "\.\/routes\/a-b\.tsx";/);
    assert.match(text, /import \* as \$a_b_2 from "\.\/routes\/a_b\.tsx";/);
  });
});

Deno.test("manifest generator refuses file names Fresh's rules refuse, naming the file", async () => {
  const cases: [string[], RegExp][] = [
    [["routes/_foo.tsx"], /^routes\/_foo\.tsx: unknown special file "_foo"/],
    [
      ["routes/blog/_app.tsx"],
      /^routes\/blog\/_app\.tsx: _app must be directly in routes\//,
    ],
    [
      ["routes/blog/_404.tsx"],
      /^routes\/blog\/_404\.tsx: _404 must be directly/,
    ],
    [
      ["routes/[a]-[b].tsx"],
      /^routes\/\[a\]-\[b\]\.tsx: "\[a\]-\[b\]" is not a route segment/,
    ],
    [
      ["routes/x[id].tsx"],
      /^routes\/x\[id\]\.tsx: "x\[id\]" is not a route segment/,
    ],
    [
      ["routes/[bad name].tsx"],
      /^routes\/\[bad name\]\.tsx: .*a name is letters, digits and _/,
    ],
    [["routes/[...a]/[...b].tsx"], /a route may hold one \[\.\.\.rest\] only/],
    [["routes/[id]/[id].tsx"], /the parameter "id" appears twice/],
    [
      ["routes/a+b.tsx"],
      /^routes\/a\+b\.tsx: "a\+b" has characters a route pattern cannot hold/,
    ],
    [
      ["routes/(group).tsx"],
      /"\(group\)" is a route group; groups are folders/,
    ],
    [
      ["routes/about.tsx", "routes/(info)/about.tsx"],
      /^routes\/\(info\)\/about\.tsx and routes\/about\.tsx are both routes for \/about$/,
    ],
    [["routes/[a].tsx", "routes/[b]/index.tsx"], /are both routes for \/:/],
    [
      ["routes/_500.tsx", "routes/_error.tsx"],
      /^routes\/_500\.tsx and routes\/_error\.tsx are both the error page of routes\/$/,
    ],
  ];
  for (const [files, message] of cases) {
    await withProject(files, async (root) => {
      await assert.rejects(generateManifest(root), (error: Error) => {
        assert.ok(error instanceof SyntaxError, `${files}: ${error}`);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

Deno.test("deno task manifest stops with the file's name and writes nothing on a bad name", async () => {
  await withProject(
    ["routes/index.tsx", "routes/_helpers.ts"],
    async (root) => {
      for (const file of ["scripts/manifest.ts", "lib/web/route_files.ts"]) {
        await Deno.mkdir(new URL("./", new URL(file, root)), {
          recursive: true,
        });
        await Deno.copyFile(new URL(file, ROOT), new URL(file, root));
      }
      const { code, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", "scripts/manifest.ts"],
        cwd: root,
        env: { NO_COLOR: "1" },
      }).output();
      assert.equal(code, 1);
      assert.match(
        new TextDecoder().decode(stderr),
        /fresh\.gen\.ts not written: routes\/_helpers\.ts: unknown special file "_helpers"/,
      );
      await assert.rejects(Deno.stat(new URL("fresh.gen.ts", root)));
    },
  );
});

Deno.test("route files map to URLPattern pathnames as in Fresh", () => {
  const cases: [string, string][] = [
    ["./routes/index.tsx", "/"],
    ["./routes/login.tsx", "/login"],
    ["./routes/api/login.ts", "/api/login"],
    ["./routes/blog/index.tsx", "/blog"],
    ["./routes/rooms/[room].tsx", "/rooms/:room"],
    ["./routes/(group)/about.tsx", "/about"],
    ["./routes/(group)/index.tsx", "/"],
    ["./routes/old/[...path].ts", "/old/:path*"],
    ["./routes/[...path]/edit.ts", "/:path*/edit"],
    ["./routes/docs/[[version]]/index.ts", "/docs{/:version}?"],
    ["./routes/docs/[[version]]/intro.ts", "/docs{/:version}?/intro"],
  ];
  for (const [file, pattern] of cases) {
    assert.equal(routePattern(file), pattern);
  }
});
