/**
 * End-to-end tests in a real Chromium through playwright-core (see
 * `launchChromium` for which binary): real forms, real WebSockets, and a
 * telnet client in the same session.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Session } from "../lib/chat/mod.ts";
import { serveTelnet, type TelnetServer } from "../lib/telnet/server.ts";
import { serveWeb, type WebServer } from "../lib/web/mod.ts";
import {
  ensureBuilt,
  launchChromium,
  TelnetClient,
  testSession,
} from "./_support/mod.ts";
import { MemoryBackend } from "../lib/backends/memory.ts";

const SHOTS = new URL("../docs/screenshots/", import.meta.url);

interface World {
  session: Session;
  web: WebServer;
  telnet: TelnetServer;
  browser: Browser;
  base: string;
  /** A new browser page signed up as `name`, on /chat and connected. */
  signUp(name: string): Promise<Page>;
  /** A telnet client logged in as `name` (registered if needed). */
  telnetAs(name: string): Promise<TelnetClient>;
  /** Stops the web server and starts it again on the same port. */
  restartWeb(): Promise<void>;
  close(): Promise<void>;
}

async function world(idleTimeoutMs = 0): Promise<World> {
  await ensureBuilt();
  const backend = new MemoryBackend();
  const session = testSession({ idleTimeoutMs, backend });
  const options = { secret: "e2e-secret", telnetAddress: "localhost 2323" };
  let web = serveWeb(session, { ...options, port: 0 });
  const port = web.addr.port;
  const telnet = serveTelnet(session, { port: 0 });
  const browser = await launchChromium();
  const base = `http://127.0.0.1:${port}`;
  const clients: TelnetClient[] = [];
  return {
    session,
    get web() {
      return web;
    },
    telnet,
    browser,
    base,
    async signUp(name) {
      const context = await browser.newContext({
        viewport: { width: 1200, height: 760 },
      });
      const page = await context.newPage();
      await page.goto(`${base}/register`);
      await page.getByLabel("Username").fill(name);
      await page.getByLabel("Password").fill("password-1");
      await page.getByLabel("Email").fill(`${name}@example.org`);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.waitForURL(`${base}/chat`);
      await connected(page);
      return page;
    },
    async telnetAs(name) {
      if (!(await session.isRegistered(name))) {
        await session.register(name, "password-1", `${name}@example.org`);
      }
      const client = await TelnetClient.atMenu(telnet.addr.port, clients);
      await client.ask(`/login ${name} password-1`, `Welcome, ${name}`);
      return client;
    },
    async restartWeb() {
      await web.close();
      web = serveWeb(session, { ...options, port });
    },
    async close() {
      await browser.close();
      await Promise.all(clients.map((c) => c.close()));
      await telnet.close();
      await web.close();
      session.close();
    },
  };
}

/**
 * Takes a screenshot; writes it to docs/screenshots/ only with
 * `UPDATE_SCREENSHOTS=1`, so a test run leaves the tree as it was.
 */
async function screenshot(page: Page, name: string): Promise<void> {
  const update = Deno.env.get("UPDATE_SCREENSHOTS") === "1";
  if (update) await Deno.mkdir(SHOTS, { recursive: true });
  await page.screenshot({
    path: update ? new URL(name, SHOTS).pathname : undefined,
  });
}

function connected(page: Page): Promise<unknown> {
  return page.locator("[data-status=connected]").waitFor({ timeout: 5000 });
}

function messageInput(page: Page) {
  return page.getByRole("textbox", { name: "Message", exact: true });
}

async function say(page: Page, text: string): Promise<void> {
  await messageInput(page).fill(text);
  await messageInput(page).press("Enter");
}

function message(page: Page, text: string) {
  return page.locator(".message .text", { hasText: text });
}

Deno.test("browser registers, logs out and logs in through the forms", async () => {
  const w = await world();
  try {
    const page = await w.signUp("alice");
    assert.equal(await page.locator(".whoami").textContent(), "alice");
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(`${w.base}/`);
    await page.goto(`${w.base}/login`);
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.locator(".form-error", { hasText: "Wrong name or password" })
      .waitFor();
    await page.getByLabel("Password").fill("password-1");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${w.base}/chat`);
    await connected(page);
  } finally {
    await w.close();
  }
});

Deno.test("browsers and a telnet client talk in the general chat both ways", async () => {
  const w = await world();
  try {
    const alice = await w.signUp("alice");
    const carol = await w.signUp("carol");
    const bob = await w.telnetAs("bob");
    await alice.locator(".person.online", { hasText: "bob" }).waitFor();
    await say(alice, "Hello from the browser <b>bold?</b>");
    await message(carol, "Hello from the browser <b>bold?</b>").waitFor();
    await bob.expect("<alice> Hello from the browser <b>bold?</b>");
    assert.equal(await carol.locator("b").count(), 0);
    await bob.send("Hi from telnet");
    await message(alice, "Hi from telnet").waitFor();
    await message(carol, "Hi from telnet").waitFor();
    assert.equal(await alice.locator(".message.mine").count(), 1);
    assert.equal(await carol.locator(".message.mine").count(), 0);
  } finally {
    await w.close();
  }
});

Deno.test("channel request, grant and chat work across browser and telnet", async () => {
  const w = await world();
  try {
    const alice = await w.signUp("alice");
    const bob = await w.telnetAs("bob");
    await say(alice, "Morning everyone");
    await bob.expect("<alice> Morning everyone");
    await bob.send("Morning! Working on the design today?");
    await message(alice, "Working on the design").waitFor();

    await alice.getByLabel("New channel").fill("design");
    await alice.getByRole("button", { name: "Create", exact: true }).click();
    await alice.locator(".room-title", { hasText: "#design" }).waitFor();
    await say(alice, "Mockups go here");
    await message(alice, "Mockups go here").waitFor();

    await bob.ask("/request design", "Asked for access to #design");
    const inbox = alice.locator(".request", { hasText: "bob" });
    await inbox.waitFor();
    await screenshot(alice, "chat_request.png");
    await inbox.getByRole("button", { name: "Grant" }).click();
    await bob.expect("You may now use #design");
    await bob.ask("/join design", "You are in #design");
    await say(alice, "Welcome to #design, bob");
    await bob.expect("#design <alice> Welcome to #design, bob");
    await bob.send("Thanks! The new header looks great");
    await message(alice, "The new header looks great").waitFor();
    await screenshot(alice, "chat_desktop.png");
    await alice.setViewportSize({ width: 390, height: 844 });
    await screenshot(alice, "chat_phone.png");
    await alice.setViewportSize({ width: 1200, height: 760 });

    await alice.getByRole("button", { name: "General chat" }).click();
    await alice.locator(".room-title", { hasText: "General chat" }).waitFor();
    await message(alice, "Morning everyone").waitFor();
    assert.equal(await message(alice, "Mockups go here").count(), 0);
    assert.equal(await message(alice, "The new header").count(), 0);
  } finally {
    await w.close();
  }
});

Deno.test("browser reconnects after the server drops the socket and fetches what it missed", async () => {
  const w = await world();
  try {
    const alice = await w.signUp("alice");
    const bob = await w.telnetAs("bob");
    await bob.send("before the drop");
    await message(alice, "before the drop").waitFor();
    await w.restartWeb();
    await bob.send("while you were away");
    await connected(alice);
    await message(alice, "while you were away").waitFor();
    await bob.send("after the reconnect");
    await message(alice, "after the reconnect").waitFor();
    const texts = await alice.locator(".message .text").allTextContents();
    assert.deepEqual(texts, [
      "before the drop",
      "while you were away",
      "after the reconnect",
    ]);
  } finally {
    await w.close();
  }
});

Deno.test("browser shows the idle notice and reconnects only when asked", async () => {
  const w = await world(1500);
  try {
    const alice = await w.signUp("alice");
    // The page's timers run on a fake clock from here: a reconnect scheduled
    // on the idle close would wait for it, not for real time.
    await alice.clock.install();
    await alice.locator("[data-status=idle]").waitFor({ timeout: 5000 });
    await alice.locator(".idle-notice", {
      hasText: "You were idle for too long",
    }).waitFor();
    // Past the longest reconnect backoff (15 s): still idle.
    await alice.clock.runFor(20_000);
    assert.equal(await alice.locator("[data-status=idle]").count(), 1);
    await alice.getByRole("button", { name: "Reconnect" }).click();
    await connected(alice);
  } finally {
    await w.close();
  }
});
