/**
 * Fresh 2's request semantics on the web layer, in process: a manifest
 * built by hand (as `fresh.gen.ts` would list the files) mounted on a bare
 * Hono app, requests sent through its fetch.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import {
  type AppProps,
  createDefine,
  HttpError,
  type LayoutProps,
  page,
} from "../lib/web/define.ts";
import { mountManifest, type WebEnv } from "../lib/web/server.ts";

interface TestState {
  trail: string[];
}

const define = createDefine<TestState>();

// A test's routes, plus whatever it logged as a 5xx.
function serve(routes: Record<string, object>) {
  const app = new Hono<WebEnv<TestState>>();
  app.use((c, next) => {
    c.set("state", { trail: [] });
    return next();
  });
  const logged: unknown[] = [];
  mountManifest(app, { routes, islands: {}, baseUrl: "" }, {
    onError: (error) => logged.push(error),
  });
  const get = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    return { res, text: await res.text() };
  };
  return { get, logged };
}

// A middleware that records `name` on the way in and out.
const mark = (name: string) =>
  define.middleware(async (ctx) => {
    ctx.state.trail.push(name);
    const res = await ctx.next();
    res.headers.append("x-out", name);
    return res;
  });

const say = (text: string) => ({
  handler: define.handlers({ GET: () => new Response(text) }),
});
const trail = {
  handler: define.handlers({
    GET: (ctx) => new Response(ctx.state.trail.join(",")),
  }),
};
const layout = (name: string) => ({
  default: define.layout(({ Component }: LayoutProps<TestState>) => (
    <div class={name}>
      <Component />
    </div>
  )),
});
const app = {
  default: define.app(({ Component }: AppProps<TestState>) => (
    <html>
      <body>
        <Component />
      </body>
    </html>
  )),
};
const text = (words: string) => ({ default: () => <p>{words}</p> });

Deno.test("middlewares run outer folder first, share state and see the response on the way out", async () => {
  const { get } = serve({
    "./routes/_middleware.ts": { default: mark("root") },
    "./routes/a/_middleware.ts": { handler: [mark("a1"), mark("a2")] },
    "./routes/a/(g)/_middleware.ts": { default: mark("g") },
    "./routes/a/b.ts": trail,
    "./routes/a/(g)/c.ts": trail,
    "./routes/a.ts": trail,
    "./routes/x.ts": trail,
  });
  const b = await get("/a/b");
  assert.equal(b.text, "root,a1,a2");
  assert.equal(b.res.headers.get("x-out"), "a2, a1, root");
  assert.equal((await get("/a/c")).text, "root,a1,a2,g");
  // `a.ts` lives in routes/, beside the folder, so a/_middleware skips it.
  assert.equal((await get("/a")).text, "root");
  assert.equal((await get("/x")).text, "root");
});

Deno.test("a middleware may answer without ctx.next(), and then the route never runs", async () => {
  let ran = false;
  const { get } = serve({
    "./routes/admin/_middleware.ts": {
      default: define.middleware((ctx) =>
        ctx.url.searchParams.has("key") ? ctx.next() : ctx.redirect("/login")
      ),
    },
    "./routes/admin/index.ts": {
      handler: define.handlers({
        GET() {
          ran = true;
          return new Response("secret");
        },
      }),
    },
  });
  const refused = await get("/admin");
  assert.equal(refused.res.status, 303);
  assert.equal(refused.res.headers.get("location"), "/login");
  assert.equal(ran, false);
  assert.equal((await get("/admin?key")).text, "secret");
});

Deno.test("a middleware that returns no Response is an error naming its file", async () => {
  const { get, logged } = serve({
    "./routes/_middleware.ts": {
      default: define.middleware((() => undefined) as never),
    },
    "./routes/index.ts": say("ok"),
  });
  const { res } = await get("/");
  assert.equal(res.status, 500);
  assert.match(
    String(logged[0]),
    /routes\/_middleware\.ts: a middleware must return a Response/,
  );
});

Deno.test("layouts nest per folder, outermost first, inside _app; groups get their own", async () => {
  const { get } = serve({
    "./routes/_app.tsx": app,
    "./routes/_layout.tsx": layout("root"),
    "./routes/a/_layout.tsx": layout("a"),
    "./routes/a/b/_layout.tsx": layout("b"),
    "./routes/(shop)/_layout.tsx": layout("shop"),
    "./routes/a/b/c.tsx": text("deep"),
    "./routes/a/x.tsx": text("mid"),
    "./routes/a.tsx": text("beside"),
    "./routes/(shop)/cart.tsx": text("cart"),
  });
  const deep = await get("/a/b/c");
  assert.equal(deep.res.status, 200);
  assert.match(deep.res.headers.get("content-type")!, /^text\/html/);
  assert.equal(
    deep.text,
    '<!DOCTYPE html><html><body><div class="root"><div class="a"><div class="b"><p>deep</p></div></div></div></body></html>',
  );
  assert.match(
    (await get("/a/x")).text,
    /<body><div class="root"><div class="a"><p>mid<\/p><\/div><\/div><\/body>/,
  );
  assert.match(
    (await get("/a")).text,
    /<body><div class="root"><p>beside<\/p><\/div><\/body>/,
  );
  assert.match(
    (await get("/cart")).text,
    /<div class="root"><div class="shop"><p>cart<\/p>/,
  );
});

Deno.test("layouts and pages receive url, params and state; page(data) sets status and headers", async () => {
  const { get } = serve({
    "./routes/_middleware.ts": { default: mark("mw") },
    "./routes/rooms/_layout.tsx": {
      default: define.layout(({ Component, params, state, url }) => (
        <section data-room={params.room} data-trail={state.trail.join()}>
          {url.pathname}
          <Component />
        </section>
      )),
    },
    "./routes/rooms/[room].tsx": {
      handler: define.handlers({
        GET: (ctx) =>
          page({ upper: ctx.params.room.toUpperCase() }, {
            status: 202,
            headers: { "x-room": ctx.params.room },
          }),
      }),
      default: define.page(({ data }) => (
        <b>{(data as { upper: string }).upper}</b>
      )),
    },
  });
  const { res, text: html } = await get("/rooms/tea");
  assert.equal(res.status, 202);
  assert.equal(res.headers.get("x-room"), "tea");
  assert.equal(
    html,
    '<!DOCTYPE html><section data-room="tea" data-trail="mw">/rooms/tea<b>TEA</b></section>',
  );
});

Deno.test("_404 renders with status 404 for unmatched paths and for HttpError(404), inside _app", async () => {
  const { get, logged } = serve({
    "./routes/_app.tsx": app,
    "./routes/_middleware.ts": { default: mark("root") },
    "./routes/_404.tsx": {
      default: define.page(({ url, state }) => (
        <p>
          no {url.pathname} ({state.trail.join()})
        </p>
      )),
    },
    "./routes/items/_middleware.ts": { default: mark("items") },
    "./routes/items/[id].ts": {
      handler: define.handlers({
        GET(ctx) {
          if (ctx.params.id !== "1") throw new HttpError(404);
          return new Response("item 1");
        },
      }),
    },
  });
  const missing = await get("/nothing/here");
  assert.equal(missing.res.status, 404);
  // The root middleware ran for the unmatched path: its ctx.next() threw
  // the 404, which the root folder turned into this page.
  assert.match(
    missing.text,
    /<body><p>no \/nothing\/here \(root\)<\/p><\/body>/,
  );
  const thrown = await get("/items/2");
  assert.equal(thrown.res.status, 404);
  assert.match(thrown.text, /no \/items\/2 \(root,items\)/);
  assert.equal((await get("/items/1")).text, "item 1");
  assert.deepEqual(logged, []);
});

Deno.test("without _404 an unmatched path is a plain 404", async () => {
  const { get } = serve({ "./routes/index.ts": say("home") });
  const { res, text: body } = await get("/nope");
  assert.equal(res.status, 404);
  assert.equal(body, "Not found");
});

Deno.test("_500 renders thrown errors with status 500, and an HttpError with its own status", async () => {
  const { get, logged } = serve({
    "./routes/_app.tsx": app,
    "./routes/_500.tsx": {
      default: define.page(({ error }) => (
        <p>
          error page: {error instanceof HttpError ? error.message : "hidden"}
        </p>
      )),
    },
    "./routes/boom.ts": {
      handler: define.handlers({
        GET() {
          throw new Error("database password is hunter2");
        },
      }),
    },
    "./routes/admin.ts": {
      handler: define.handlers({
        GET() {
          throw new HttpError(403, "Owners only");
        },
      }),
    },
    "./routes/render.tsx": {
      default: () => {
        throw new Error("render failed");
      },
    },
  });
  const boom = await get("/boom");
  assert.equal(boom.res.status, 500);
  assert.match(boom.text, /<body><p>error page: hidden<\/p><\/body>/);
  assert.doesNotMatch(boom.text, /hunter2/);
  const admin = await get("/admin");
  assert.equal(admin.res.status, 403);
  assert.match(admin.text, /error page: Owners only/);
  const render = await get("/render");
  assert.equal(render.res.status, 500);
  assert.match(render.text, /error page: hidden/);
  // Only the 5xx errors are logged, each once.
  assert.deepEqual(logged.map((e) => (e as Error).message), [
    "database password is hunter2",
    "render failed",
  ]);
});

Deno.test("the nearest _error catches, inside its folder's layouts; an error in it goes outward", async () => {
  const { get } = serve({
    "./routes/_500.tsx": {
      default: define.page(({ error }) => (
        <p>outer: {(error as Error).message}</p>
      )),
    },
    "./routes/api/_layout.tsx": layout("api"),
    "./routes/api/_error.tsx": {
      default: define.page(({ error }) => (
        <p>inner: {(error as Error).message}</p>
      )),
    },
    "./routes/api/v1/fail.ts": {
      handler: define.handlers({
        GET() {
          throw new HttpError(409, "Taken");
        },
      }),
    },
    "./routes/fail.ts": {
      handler: define.handlers({
        GET() {
          throw new HttpError(400, "Bad");
        },
      }),
    },
  });
  const inner = await get("/api/v1/fail");
  assert.equal(inner.res.status, 409);
  assert.equal(
    inner.text,
    '<!DOCTYPE html><div class="api"><p>inner: Taken</p></div>',
  );
  const outer = await get("/fail");
  assert.equal(outer.res.status, 400);
  assert.equal(outer.text, "<!DOCTYPE html><p>outer: Bad</p>");
  // The group's error page itself throws: the root's page shows that error.
  const nested = serve({
    "./routes/_500.tsx": {
      default: define.page(({ error }) => (
        <p>outer: {(error as Error).message}</p>
      )),
    },
    "./routes/(broken)/_error.tsx": {
      default: () => {
        throw new HttpError(502, "Error page failed");
      },
    },
    "./routes/(broken)/fail.ts": {
      handler: define.handlers({
        GET() {
          throw new Error("first");
        },
      }),
    },
  });
  const twice = await nested.get("/fail");
  assert.equal(twice.res.status, 502);
  assert.equal(twice.text, "<!DOCTYPE html><p>outer: Error page failed</p>");
});

Deno.test("without an error page an error is a plain response with its status", async () => {
  const { get, logged } = serve({
    "./routes/teapot.ts": {
      handler: define.handlers({
        GET() {
          throw new HttpError(418);
        },
      }),
    },
    "./routes/boom.ts": {
      handler: define.handlers({
        GET() {
          throw new Error("secret detail");
        },
      }),
    },
  });
  const teapot = await get("/teapot");
  assert.equal(teapot.res.status, 418);
  assert.equal(teapot.text, "I'm a teapot");
  const boom = await get("/boom");
  assert.equal(boom.res.status, 500);
  assert.equal(boom.text, "Something went wrong; please try again");
  assert.equal(logged.length, 1);
});

Deno.test("a missing method is 405 with Allow (through _500 when there is one); OPTIONS is 204; HEAD uses GET", async () => {
  const seen: string[] = [];
  const routes = {
    "./routes/_middleware.ts": {
      default: define.middleware((ctx) => {
        seen.push(ctx.req.method);
        return ctx.next();
      }),
    },
    "./routes/form.tsx": {
      handler: define.handlers({
        POST: () => new Response("posted"),
        DELETE: () => new Response("deleted"),
      }),
      default: () => <form />,
    },
  };
  const plain = serve(routes);
  const put = await plain.get("/form", { method: "PUT" });
  assert.equal(put.res.status, 405);
  assert.equal(put.res.headers.get("allow"), "GET, POST, DELETE");
  assert.equal(put.text, "Method not allowed");
  const options = await plain.get("/form", { method: "OPTIONS" });
  assert.equal(options.res.status, 204);
  assert.equal(options.res.headers.get("allow"), "GET, POST, DELETE");
  const head = await plain.get("/form", { method: "HEAD" });
  assert.equal(head.res.status, 200);
  assert.equal(head.text, "");
  assert.equal(
    (await plain.get("/form", { method: "DELETE" })).text,
    "deleted",
  );

  const paged = serve({
    ...routes,
    "./routes/_500.tsx": {
      default: define.page(({ error }) => <p>{(error as Error).message}</p>),
    },
  });
  const patch = await paged.get("/form", { method: "PATCH" });
  assert.equal(patch.res.status, 405);
  assert.equal(patch.res.headers.get("allow"), "GET, POST, DELETE");
  assert.equal(patch.text, "<!DOCTYPE html><p>Method not allowed</p>");
  // As in Fresh, the root middleware runs for a wrong method too.
  assert.deepEqual(seen, ["PUT", "OPTIONS", "HEAD", "DELETE", "PATCH"]);
});

Deno.test("bracket patterns match the paths Fresh's do, most specific first", async () => {
  const echo = (name: string) => ({
    handler: define.handlers({
      GET: (ctx) =>
        Response.json({ name, params: ctx.params, route: ctx.route }),
    }),
  });
  const { get } = serve({
    "./routes/index.ts": echo("index"),
    "./routes/blog/[slug].ts": echo("slug"),
    "./routes/blog/new.ts": echo("new"),
    "./routes/blog/[slug]/comments.ts": echo("comments"),
    "./routes/old/[...path].ts": echo("rest"),
    "./routes/old/[year]/index.ts": echo("year"),
    "./routes/files/[...path]/raw.ts": echo("raw"),
    "./routes/docs/[[version]]/index.ts": echo("docs"),
    "./routes/docs/[[version]]/intro.ts": echo("intro"),
    "./routes/[...all].ts": echo("all"),
  });
  const hit = async (path: string) => JSON.parse((await get(path)).text);
  assert.deepEqual(await hit("/"), { name: "index", params: {}, route: "/" });
  assert.deepEqual(await hit("/blog/new"), {
    name: "new",
    params: {},
    route: "/blog/new",
  });
  assert.deepEqual(await hit("/blog/hello%20world"), {
    name: "slug",
    params: { slug: "hello world" },
    route: "/blog/:slug",
  });
  assert.deepEqual((await hit("/blog/a/comments")).params, { slug: "a" });
  // [...rest] takes zero or more segments; a literal or [name] wins first.
  assert.deepEqual(await hit("/old"), {
    name: "rest",
    params: { path: "" },
    route: "/old/:path*",
  });
  assert.deepEqual((await hit("/old/a/b/c")).params, { path: "a/b/c" });
  assert.deepEqual(await hit("/old/1999"), {
    name: "year",
    params: { year: "1999" },
    route: "/old/:year",
  });
  assert.deepEqual((await hit("/files/x/y/raw")).params, { path: "x/y" });
  assert.deepEqual((await hit("/files/raw")).params, { path: "" });
  // [[optional]]: with and without the segment.
  assert.deepEqual(await hit("/docs"), {
    name: "docs",
    params: { version: "" },
    route: "/docs{/:version}?",
  });
  assert.deepEqual((await hit("/docs/canary")).params, { version: "canary" });
  assert.deepEqual(await hit("/docs/intro"), {
    name: "intro",
    params: { version: "" },
    route: "/docs{/:version}?/intro",
  });
  assert.deepEqual((await hit("/docs/v2/intro")).params, { version: "v2" });
  // Everything else falls to the root catch-all.
  assert.deepEqual(await hit("/docs/v2/intro/more"), {
    name: "all",
    params: { all: "docs/v2/intro/more" },
    route: "/:all*",
  });
  assert.deepEqual((await hit("/blog//new")).name, "new");
});

Deno.test("a module that breaks Fresh's contract fails at mount, naming the file", () => {
  const cases: [Record<string, object>, RegExp][] = [
    [
      { "./routes/a.ts": { handler: () => new Response() } },
      /^routes\/a\.ts: handler must be an object of methods/,
    ],
    [
      { "./routes/a.ts": { handler: { GTE: () => new Response() } } },
      /^routes\/a\.ts: handler\.GTE is not one of GET/,
    ],
    [
      { "./routes/a.ts": { handlers: {} } },
      /^routes\/a\.ts: export the handlers as "handler"/,
    ],
    [{
      "./routes/a.ts": { config: { routeOverride: "/b" }, default: () => null },
    }, /^routes\/a\.ts: "config" .* is not supported/],
    [
      { "./routes/a.ts": {} },
      /^routes\/a\.ts: expected a handler or a default export component/,
    ],
    [
      { "./routes/_middleware.ts": { handler: { GET: () => new Response() } } },
      /^routes\/_middleware\.ts: a middleware exports a function/,
    ],
    [
      { "./routes/_layout.tsx": { handler: {}, default: () => null } },
      /^routes\/_layout\.tsx: layout takes no handler/,
    ],
    [
      { "./routes/_500.tsx": { handler: {} } },
      /^routes\/_500\.tsx: an error page needs a default export component/,
    ],
    [
      { "./routes/_oops.tsx": { default: () => null } },
      /^routes\/_oops\.tsx: unknown special file/,
    ],
  ];
  for (const [routes, message] of cases) {
    assert.throws(() => serve(routes), { message });
  }
});
