/**
 * End-to-end tests in a real Chromium through playwright-core (see
 * `launchChromium` for which binary): real forms, real WebSockets, and a
 * telnet client in the same session. The issue-14 behaviours have their
 * own files: browser_session_test, browser_messages_test,
 * browser_rooms_test, browser_layout_test and browser_a11y_test.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  connected,
  DESKTOP,
  logIn,
  message,
  PASSWORD,
  PHONE,
  say,
  screenshot,
  submitChannel,
  webWorld,
} from "./_support/mod.ts";

Deno.test("browser registers, logs out and logs in through the forms", async () => {
  const w = await webWorld();
  try {
    const context = await w.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${w.base}/register`);
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByLabel("Email").fill("alice@example.org");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${w.base}/chat`);
    await connected(page);
    assert.equal(await page.locator(".whoami").textContent(), "alice");
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await page.waitForURL(`${w.base}/`);
    await page.goto(`${w.base}/login`);
    await logIn(page, "alice", "wrong-password");
    await page.locator("#password-error", { hasText: "Wrong name or password" })
      .waitFor();
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${w.base}/chat`);
    await connected(page);
  } finally {
    await w.close();
  }
});

Deno.test("browsers and a telnet client talk in the general chat both ways", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    const carol = await w.signIn("carol");
    const bob = await w.telnetAs("bob");
    await alice.locator(".person.online", { hasText: "bob" }).waitFor();
    await say(alice, "Hello from the browser <b>bold?</b>");
    await message(carol, "Hello from the browser <b>bold?</b>").waitFor();
    await bob.expect("<alice> Hello from the browser <b>bold?</b>");
    assert.equal(await carol.locator(".text b").count(), 0);
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
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    const bob = await w.telnetAs("bob");
    await say(alice, "Morning everyone");
    await bob.expect("<alice> Morning everyone");
    await bob.send("Morning! Working on the design today?");
    await message(alice, "Working on the design").waitFor();

    await submitChannel(alice, "design");
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
    await say(alice, "Specs: https://example.org/header\nReview by Friday?");
    await message(alice, "Review by Friday?").waitFor();
    await bob.ask("/leave", "general chat");
    await bob.send("Lunch at noon, @alice?");
    await alice.getByRole("link", { name: /General chat/ })
      .locator(".mention-count").waitFor();
    for (const layout of ["desktop", "phone"] as const) {
      await alice.setViewportSize(layout === "phone" ? PHONE : DESKTOP);
      for (const colorScheme of ["light", "dark"] as const) {
        await alice.emulateMedia({ colorScheme, reducedMotion: "reduce" });
        await screenshot(alice, `chat_${layout}_${colorScheme}.png`);
      }
    }
    await alice.setViewportSize(DESKTOP);

    await alice.getByRole("link", { name: /General chat/ }).click();
    await alice.locator(".room-title", { hasText: "General chat" }).waitFor();
    await message(alice, "Morning everyone").waitFor();
    await message(alice, "Lunch at noon").waitFor();
    assert.equal(await message(alice, "Mockups go here").count(), 0);
    assert.equal(await message(alice, "The new header").count(), 0);
  } finally {
    await w.close();
  }
});

Deno.test("browser reconnects after the server drops the socket and fetches what it missed", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    const bob = await w.telnetAs("bob");
    await bob.send("before the drop");
    await message(alice, "before the drop").waitFor();
    await w.startWeb();
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
  const w = await webWorld({ idleTimeoutMs: 1500 });
  try {
    const alice = await w.signIn("alice");
    // The page's timers run on a fake clock from here: a reconnect scheduled
    // on the idle close would wait for it, not for real time.
    await alice.clock.install();
    await alice.locator("[data-status=idle]").waitFor({ timeout: 5000 });
    await alice.locator(".notice.banner", {
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
