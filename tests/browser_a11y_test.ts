/**
 * The automated accessibility check (axe-core) on every page a visitor
 * meets, in the light and the dark theme: no serious or critical
 * violations, colour contrast included.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  createChannel,
  message,
  PHONE,
  say,
  seriousViolations,
  submitChannel,
  webWorld,
} from "./_support/mod.ts";

for (const colorScheme of ["light", "dark"] as const) {
  Deno.test(`axe finds no serious or critical violations on the landing, login and register pages (${colorScheme})`, async () => {
    const w = await webWorld();
    try {
      const page = await (await w.browser.newContext({ colorScheme }))
        .newPage();
      for (
        const path of ["/", "/login", "/login?reason=session", "/register"]
      ) {
        await page.goto(w.base + path);
        await expectClean(page, path);
      }
      // With errors shown next to their fields.
      await page.getByLabel("Username").fill("x");
      await page.getByLabel("Password").fill("short");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator(".field-error").first().waitFor();
      await expectClean(page, "/register with an error");
      await page.goto(`${w.base}/nowhere`);
      await expectClean(page, "the 404 page");
    } finally {
      await w.close();
    }
  });

  Deno.test(`axe finds no serious or critical violations on the chat page (${colorScheme})`, async () => {
    const w = await webWorld();
    try {
      await w.backend.storeMessage({
        sender: "bob",
        sentAt: Date.now() - 86_400_000,
        text: "yesterday, @alice: https://example.org",
        channel: null,
      });
      const alice = await w.signIn("alice", { colorScheme });
      await createChannel(alice, "club");
      const bob = await w.telnetAs("bob");
      await bob.ask("/request club", "Asked for access");
      await alice.locator(".request", { hasText: "bob" }).waitFor();
      await alice.getByRole("link", { name: "General chat" }).click();
      // Typed before the composer follows the room, it is #club's draft.
      await alice.getByPlaceholder("Message the general chat").waitFor();
      await say(alice, "my own message");
      await message(alice, "my own message").waitFor();
      await submitChannel(alice, "bad name");
      await alice.locator("#new-channel-error").waitFor();
      await expectClean(alice, "/chat");

      await alice.setViewportSize(PHONE);
      await alice.getByRole("button", { name: /Rooms and people/ }).click();
      await alice.locator(".drawer-open").waitFor();
      await expectClean(alice, "/chat on a phone, drawer open");

      const carol = await w.signIn("carol", {
        colorScheme,
        path: "/chat/club",
      });
      await carol.getByText("#club is private").waitFor();
      await expectClean(carol, "/chat/club for a non-member");
    } finally {
      await w.close();
    }
  });
}

async function expectClean(page: Page, what: string): Promise<void> {
  const found = await seriousViolations(page);
  assert.deepEqual(
    found,
    [],
    `${what}:\n${
      found.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.join("\n  ")}`).join(
        "\n",
      )
    }`,
  );
}
