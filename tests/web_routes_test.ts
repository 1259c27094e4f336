import assert from "node:assert/strict";
import { createApp } from "../lib/web/mod.ts";
import { testSession } from "./_support/mod.ts";
import { MemoryBackend } from "../lib/backends/memory.ts";
import { Session, silentLogger } from "../lib/chat/mod.ts";
import { TEST_ITERATIONS } from "./conformance.ts";

const ORIGIN = "http://localhost";

function setup() {
  const backend = new MemoryBackend();
  const session = testSession({ backend });
  const app = createApp(session, {
    secret: "test-secret",
    telnetAddress: "chat.example 2323",
  });
  const form = (path: string, fields: Record<string, string>, cookie = "") =>
    app.request(path, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
    });
  const signUp = async (name: string) => {
    const res = await form("/register", {
      name,
      password: "password-1",
      email: `${name}@example.org`,
    });
    assert.equal(res.status, 303);
    return res.headers.get("set-cookie")!.split(";")[0];
  };
  return { session, backend, app, form, signUp };
}

Deno.test("landing page names the telnet address and links to the forms", async () => {
  const { app } = setup();
  const res = await app.request("/");
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /telnet chat\.example 2323/);
  assert.match(html, /href="\/register"/);
  assert.match(html, /href="\/login"/);
});

Deno.test("pages carry a CSP that allows only the app's own scripts", async () => {
  const { app } = setup();
  const res = await app.request("/login");
  const csp = res.headers.get("content-security-policy")!;
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /default-src 'self'/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  const html = await res.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
});

Deno.test("register form creates an account, signs in with an HttpOnly cookie and redirects", async () => {
  const { form } = setup();
  const res = await form("/register", {
    name: "alice",
    password: "password-1",
    email: "alice@example.org",
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "/chat");
  const cookie = res.headers.get("set-cookie")!;
  assert.match(cookie, /^parley_session=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.doesNotMatch(cookie, /Secure/);
});

Deno.test("register form shows the error next to the form and keeps the values", async () => {
  const { form, signUp } = setup();
  await signUp("alice");
  const res = await form("/register", {
    name: "Alice",
    password: "password-1",
    email: "other@example.org",
  });
  assert.equal(res.status, 409);
  const html = await res.text();
  assert.match(
    html,
    /<p id="name-error" class="field-error">The name Alice is already taken/,
  );
  assert.match(html, /aria-invalid="true" aria-describedby="name-error"/);
  assert.match(html, /value="other@example.org"/);
  assert.match(html, /<label for="email">Email<\/label>/);
});

Deno.test("login form refuses a wrong password with a clear message", async () => {
  const { form, signUp } = setup();
  await signUp("alice");
  const res = await form("/login", { name: "alice", password: "nope-nope" });
  assert.equal(res.status, 401);
  assert.match(await res.text(), /Wrong name or password/);
  const ok = await form("/login", { name: "ALICE", password: "password-1" });
  assert.equal(ok.status, 303);
  assert.match(ok.headers.get("set-cookie")!, /parley_session=/);
});

Deno.test("form posts from another origin are refused (CSRF)", async () => {
  const { app } = setup();
  const res = await app.request("/register", {
    method: "POST",
    body: new URLSearchParams({
      name: "mallory",
      password: "password-1",
      email: "m@x.org",
    }),
    headers: { origin: "https://evil.example" },
  });
  assert.equal(res.status, 403);
});

Deno.test("chat page needs a session and renders islands with escaped props", async () => {
  const { app, backend, signUp } = setup();
  const anonymous = await app.request("/chat");
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.headers.get("location"), "/login");

  const cookie = await signUp("alice");
  await backend.storeMessage({
    sender: "alice",
    sentAt: 0,
    text: `</script><img src=x onerror="alert(1)">`,
    channel: null,
  });
  const res = await app.request("/chat", { headers: { cookie } });
  assert.equal(res.status, 200);
  const html = await res.text();
  for (
    const name of [
      "MessageList",
      "Composer",
      "RoomList",
      "CreateChannel",
      "RequestInbox",
      "ParticipantList",
      "ConnectionStatus",
      "Notices",
      "DrawerToggle",
    ]
  ) {
    assert.match(html, new RegExp(`data-island="${name}"`));
  }
  assert.doesNotMatch(html, /<img src=x/);
  assert.match(html, /&lt;\/script>&lt;img src=x/);
});

Deno.test("a tampered or foreign session cookie counts as signed out", async () => {
  const { app, signUp } = setup();
  const cookie = await signUp("alice");
  const [, token] = cookie.split("=");
  const [body, mac] = token.split(".");
  const forged = `parley_session=${body}x.${mac}`;
  assert.equal(
    (await app.request("/chat", { headers: { cookie: forged } })).status,
    303,
  );
  const other = createApp(testSession(), { secret: "another-secret" });
  assert.equal(
    (await other.request("/chat", { headers: { cookie } })).status,
    303,
  );
});

Deno.test("logout is a POST that clears the cookie", async () => {
  const { app, form, signUp } = setup();
  const cookie = await signUp("alice");
  const get = await app.request("/logout", { headers: { cookie } });
  assert.equal(get.status, 303);
  assert.equal(get.headers.get("set-cookie"), null);
  const res = await form("/logout", {}, cookie);
  assert.equal(res.status, 303);
  assert.match(res.headers.get("set-cookie")!, /parley_session=;.*Max-Age=0/);
});

Deno.test("session cookie is Secure when served over HTTPS", async () => {
  const { app } = setup();
  const res = await app.request("https://chat.example/register", {
    method: "POST",
    body: new URLSearchParams({
      name: "alice",
      password: "password-1",
      email: "a@x.org",
    }),
    headers: { origin: "https://chat.example" },
  });
  assert.match(res.headers.get("set-cookie")!, /Secure/);
});

Deno.test("api login exchanges JSON credentials for a token", async () => {
  const { app, signUp } = setup();
  await signUp("alice");
  const res = await app.request("/api/login", {
    method: "POST",
    body: JSON.stringify({ name: "alice", password: "password-1" }),
    headers: { "content-type": "application/json" },
  });
  assert.equal(res.status, 200);
  const { name, token } = await res.json();
  assert.equal(name, "alice");
  assert.match(token, /^[\w-]+\.[\w-]+$/);
  const bad = await app.request("/api/login", {
    method: "POST",
    body: JSON.stringify({ name: "alice", password: "wrong-one" }),
    headers: { "content-type": "application/json" },
  });
  assert.equal(bad.status, 401);
  assert.equal((await bad.json()).error.code, "invalid_credentials");
});

Deno.test("api history serves a channel only to its owner and granted members", async () => {
  const { app, backend, signUp } = setup();
  const alice = await signUp("alice");
  const bob = await signUp("bob");
  await backend.registerChannel("secret", "alice");
  await backend.storeMessage({
    sender: "alice",
    sentAt: 1,
    text: "hidden",
    channel: "secret",
  });
  const forBob = await app.request("/api/history?channel=secret", {
    headers: { cookie: bob },
  });
  assert.equal(forBob.status, 403);
  assert.doesNotMatch(await forBob.text(), /hidden/);
  const forAlice = await app.request("/api/history?channel=secret", {
    headers: { cookie: alice },
  });
  assert.equal(forAlice.status, 200);
  assert.equal((await forAlice.json()).messages[0].text, "hidden");
  assert.equal((await app.request("/api/history")).status, 401);
  const badCursor = await app.request("/api/history?before=x", {
    headers: { cookie: alice },
  });
  assert.equal(badCursor.status, 400);
});

Deno.test("a route answers 405 with Allow for a method it lacks", async () => {
  const { app } = setup();
  const res = await app.request("/logout", {
    method: "PUT",
    headers: { origin: ORIGIN },
  });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, POST");
});

Deno.test("the WebSocket route refuses a foreign Origin and plain requests", async () => {
  const { app } = setup();
  const foreign = await app.request("/ws", {
    headers: { origin: "https://evil.example", upgrade: "websocket" },
  });
  assert.equal(foreign.status, 403);
  assert.equal((await app.request("/ws")).status, 400);
});

Deno.test("GET /healthz reports storage and bus readiness", async () => {
  const backend = new MemoryBackend();
  const session = new Session(backend, {
    idleTimeoutMs: 0,
    pbkdf2Iterations: TEST_ITERATIONS,
  });
  const app = createApp(session, { secret: "test-secret" });
  const ok = await app.request("/healthz");
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { ok: true, backend: "ok", bus: "ok" });
  assert.equal(ok.headers.get("cache-control"), "no-store");
  backend.hasParticipant = () => Promise.reject(new Error("down"));
  const down = await app.request("/healthz");
  assert.equal(down.status, 503);
  assert.deepEqual(await down.json(), {
    ok: false,
    backend: "unavailable",
    bus: "ok",
  });
  session.close();
});

Deno.test("an unknown path gets the 404 page, with links back", async () => {
  const { app, signUp } = setup();
  const res = await app.request("/no/such/page");
  assert.equal(res.status, 404);
  const html = await res.text();
  assert.match(html, /<title>Parley<\/title>/);
  assert.match(html, /<h1 id="status-title">Page not found<\/h1>/);
  assert.match(html, /There is no page at <code>\/no\/such\/page<\/code>/);
  assert.match(html, /href="\/login"/);
  const cookie = await signUp("alice");
  const signedIn = await app.request("/nope", { headers: { cookie } });
  assert.equal(signedIn.status, 404);
  assert.match(await signedIn.text(), /href="\/chat">Back to the chat/);
});

Deno.test("a failing page gets the error page with the error's status, and is logged", async () => {
  const backend = new MemoryBackend();
  const session = new Session(backend, {
    idleTimeoutMs: 0,
    pbkdf2Iterations: TEST_ITERATIONS,
  });
  const logged: string[] = [];
  const logger = {
    ...silentLogger,
    error: (event: string) => void logged.push(event),
  };
  const app = createApp(session, { secret: "test-secret", logger });
  const res = await app.request("/register", {
    method: "POST",
    body: new URLSearchParams({
      name: "alice",
      password: "password-1",
      email: "a@x.org",
    }),
    headers: { origin: ORIGIN },
  });
  const cookie = res.headers.get("set-cookie")!.split(";")[0];
  backend.getChatHistory = () => Promise.reject(new Error("disk on fire"));
  const chat = await app.request("/chat", { headers: { cookie } });
  assert.equal(chat.status, 503);
  const html = await chat.text();
  assert.match(html, /<p class="status-code">503<\/p>/);
  assert.match(html, /<h1 id="status-title">Service unavailable<\/h1>/);
  assert.match(html, /<p>History unavailable: storage unavailable\.<\/p>/);
  assert.doesNotMatch(html, /disk on fire/);
  assert.match(html, /href="\/chat">Back to the chat/);
  assert.deepEqual(logged, ["http_error"]);
  session.close();
});

Deno.test("a page posted to with a method it lacks gets the error page: 405 with Allow", async () => {
  const { app } = setup();
  const res = await app.request("/", {
    method: "POST",
    body: new URLSearchParams({}),
    headers: { origin: ORIGIN },
  });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET");
  assert.match(
    await res.text(),
    /<h1 id="status-title">Method not allowed<\/h1>/,
  );
});

Deno.test("API failures stay JSON (api/_middleware.ts), unlike pages", async () => {
  const { app } = setup();
  const res = await app.request("/api/login", {
    method: "POST",
    body: JSON.stringify({ name: "nobody", password: "password-1" }),
    headers: { "content-type": "application/json" },
  });
  assert.equal(res.status, 401);
  assert.match(res.headers.get("content-type")!, /^application\/json/);
  assert.deepEqual(await res.json(), {
    error: {
      code: "invalid_credentials",
      message: "Wrong name or password",
    },
  });
});
