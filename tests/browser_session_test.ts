/**
 * Sessions and forms in a real Chromium: a page whose sign-in is refused
 * (a restart that signs with another key) goes to the login page and comes
 * back to its room; form errors sit next to their field.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  composer,
  connected,
  createChannel,
  logIn,
  webWorld,
} from "./_support/mod.ts";

Deno.test("a page whose sign-in is refused after a restart goes to the login page, then back to its room with its draft", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    await createChannel(alice, "club");
    await composer(alice).fill("half a thought");
    // A restart without a stored key signs with a new one: today's cookie
    // is refused. The page must not say "Reconnecting…" forever.
    await w.startWeb({ secret: "another-secret" });
    await alice.waitForURL(/\/login\?/, { timeout: 10_000 });
    const url = new URL(alice.url());
    assert.equal(url.searchParams.get("next"), "/chat/club");
    await alice.getByText("Your session has ended; log in again to go on")
      .waitFor();
    await logIn(alice, "alice");
    await alice.waitForURL(`${w.base}/chat/club`);
    await connected(alice);
    await alice.locator(".room-title", { hasText: "#club" }).waitFor();
    assert.equal(await composer(alice).inputValue(), "half a thought");
  } finally {
    await w.close();
  }
});

Deno.test("login refuses to return anywhere but a chat page", async () => {
  const w = await webWorld();
  try {
    await w.register("alice");
    const page = await (await w.browser.newContext()).newPage();
    await page.goto(
      `${w.base}/login?next=${encodeURIComponent("//evil.example/")}`,
    );
    assert.equal(await page.locator("input[name=next]").count(), 0);
    await logIn(page, "alice");
    await page.waitForURL(`${w.base}/chat`);
  } finally {
    await w.close();
  }
});

Deno.test("register form shows the password rule first, then each error next to its field, focused and marked invalid", async () => {
  const w = await webWorld();
  try {
    await w.register("taken");
    const page = await (await w.browser.newContext()).newPage();
    await page.goto(`${w.base}/register`);
    const password = page.getByLabel("Password");
    // The rule is on screen and tied to the field before any attempt.
    await page.locator("#password-hint", { hasText: "At least 8 characters" })
      .waitFor();
    assert.match(
      await password.getAttribute("aria-describedby") ?? "",
      /password-hint/,
    );
    await page.getByLabel("Username").fill("newbie");
    await password.fill("short");
    await page.getByLabel("Email").fill("newbie@example.org");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#password-error", {
      hasText: "Password must be at least 8 characters long",
    }).waitFor();
    assert.equal(await password.getAttribute("aria-invalid"), "true");
    assert.equal(await focusedId(page), "password");
    assert.equal(await page.getByLabel("Username").inputValue(), "newbie");
    assert.equal(
      await page.getByLabel("Email").inputValue(),
      "newbie@example.org",
    );
    assert.equal(await page.locator(".form-error").count(), 0);

    await page.getByLabel("Username").fill("taken");
    await password.fill("long-enough");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#name-error", { hasText: "already taken" }).waitFor();
    assert.equal(
      await page.getByLabel("Username").getAttribute("aria-invalid"),
      "true",
    );
    assert.equal(await focusedId(page), "name");

    await page.getByLabel("Username").fill("newbie");
    await page.getByLabel("Password").fill("long-enough");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#email-error", { hasText: "Email address" }).waitFor();
    assert.equal(await focusedId(page), "email");
  } finally {
    await w.close();
  }
});

Deno.test("login form puts a wrong password's error next to the password and focuses it", async () => {
  const w = await webWorld();
  try {
    await w.register("alice");
    const page = await (await w.browser.newContext()).newPage();
    await page.goto(`${w.base}/login`);
    await logIn(page, "alice", "wrong-password");
    await page.locator("#password-error", { hasText: "Wrong name or password" })
      .waitFor();
    assert.equal(await focusedId(page), "password");
    assert.equal(await page.getByLabel("Username").inputValue(), "alice");
    assert.equal(
      await page.getByLabel("Password").getAttribute("aria-describedby"),
      "password-error",
    );
  } finally {
    await w.close();
  }
});

function focusedId(page: import("playwright-core").Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? "");
}
