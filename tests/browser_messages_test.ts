/**
 * The message list and composer in a real Chromium: local times and days,
 * nothing typed lost, lines and text direction, links, grouping, mentions,
 * scrolling and focus.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { composer, message, say, until, webWorld } from "./_support/mod.ts";

const ZONE = "America/New_York";

Deno.test("message times show the viewer's local time, a separator per local day and the full date as tooltip", async () => {
  const w = await webWorld();
  try {
    // 01:08 New York time is 06:08 UTC; 22:00 on the 15th in New York is
    // already the 16th in UTC; 01:00 on the 16th is the next local day.
    const times = [
      Date.UTC(2026, 0, 15, 6, 8),
      Date.UTC(2026, 0, 16, 3, 0),
      Date.UTC(2026, 0, 16, 6, 0),
    ];
    for (const [i, sentAt] of times.entries()) {
      await w.backend.storeMessage({
        sender: "bob",
        sentAt,
        text: `at ${i}`,
        channel: null,
      });
    }
    const page = await w.signIn("alice", { timezoneId: ZONE, locale: "en-US" });
    await page.locator(".message time", { hasText: "01:08 AM" }).waitFor();
    const shown = await page.locator(".message time").allTextContents();
    const local = new Intl.DateTimeFormat("en-US", {
      timeZone: ZONE,
      hour: "2-digit",
      minute: "2-digit",
    });
    assert.deepEqual(shown, times.map((t) => local.format(t)));
    assert.deepEqual(shown, ["01:08 AM", "10:00 PM", "01:00 AM"]);
    // Two local days, so two separators, placed before messages 0 and 2.
    const rows = await page.locator(".message-list > li").evaluateAll((lis) =>
      lis.map((li) => li.className === "day" ? `day:${li.textContent}` : "m")
    );
    assert.deepEqual(rows, [
      "day:Thursday, January 15, 2026",
      "m",
      "m",
      "day:Friday, January 16, 2026",
      "m",
    ]);
    const full = new Intl.DateTimeFormat("en-US", {
      timeZone: ZONE,
      dateStyle: "full",
      timeStyle: "medium",
    });
    assert.equal(
      await page.locator(".message time").first().getAttribute("title"),
      full.format(times[0]),
    );
    // Today's messages are under "Today".
    await say(page, "now");
    await page.locator(".day", { hasText: "Today" }).waitFor();
  } finally {
    await w.close();
  }
});

Deno.test("quick sends wait as pending when refused and all arrive in order; nothing typed is lost", async () => {
  const w = await webWorld({ limits: { msgBurst: 3, msgRate: 2 } });
  try {
    const alice = await w.signIn("alice");
    const texts = Array.from({ length: 10 }, (_, i) => `quick ${i}`);
    for (const text of texts) await say(alice, text);
    // The composer is free again at once; refused ones wait in the list.
    assert.equal(await composer(alice).inputValue(), "");
    await alice.locator(".message.pending", { hasText: "Waiting to send" })
      .first().waitFor();
    await message(alice, "quick 9").waitFor({ timeout: 15_000 });
    const stored = await w.backend.getChatHistory({ limit: 50 });
    assert.deepEqual(stored.messages.map((m) => m.text), texts);
    assert.equal(await alice.locator(".message.pending").count(), 0);
  } finally {
    await w.close();
  }
});

Deno.test("a message refused for good goes back into the composer with the reason next to it", async () => {
  const w = await webWorld({ limits: { maxMessageBytes: 100 } });
  try {
    const alice = await w.signIn("alice");
    await composer(alice).fill("keep me");
    const long = "x".repeat(150);
    await say(alice, long);
    const error = alice.locator("#message-error", {
      hasText: "the limit is 100",
    });
    await error.waitFor();
    assert.equal(await composer(alice).inputValue(), long);
    assert.equal(await composer(alice).getAttribute("aria-invalid"), "true");
    assert.equal((await w.backend.getChatHistory()).messages.length, 0);
  } finally {
    await w.close();
  }
});

Deno.test("a refused channel creation keeps the typed name with the error next to the field", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    const field = alice.getByLabel("New channel");
    await field.fill("no spaces");
    await alice.getByRole("button", { name: "Create", exact: true }).click();
    await alice.locator("#new-channel-error", { hasText: "may use only" })
      .waitFor();
    assert.equal(await field.inputValue(), "no spaces");
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.equal(
      await alice.evaluate(() => document.activeElement?.id),
      "new-channel",
    );
    await field.fill("club");
    await alice.getByRole("button", { name: "Create", exact: true }).click();
    await alice.waitForURL(`${w.base}/chat/club`);
    assert.equal(await field.inputValue(), "");
    assert.equal(await alice.locator("#new-channel-error").count(), 0);
  } finally {
    await w.close();
  }
});

Deno.test("Shift+Enter makes lines, shown as lines in the browser and on telnet; text has dir=auto", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    const bob = await w.telnetAs("bob");
    await composer(alice).click();
    await alice.keyboard.type("first line");
    await alice.keyboard.press("Shift+Enter");
    await alice.keyboard.type("second line");
    await alice.keyboard.press("Enter");
    const text = message(alice, "second line");
    await text.waitFor();
    assert.equal(await text.innerText(), "first line\nsecond line");
    assert.equal(await text.getAttribute("dir"), "auto");
    await bob.expect(/<alice> first line\r\n {15,}second line\r\n/);
    await say(alice, "שלום, עולם!");
    const hebrew = message(alice, "שלום");
    await hebrew.waitFor();
    assert.equal(await hebrew.evaluate((el) => el.matches(":dir(rtl)")), true);
    assert.equal(await composer(alice).getAttribute("dir"), "auto");
  } finally {
    await w.close();
  }
});

Deno.test("links are clickable for http and https only, open apart with noopener noreferrer, and get no preview", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    await say(
      alice,
      "see https://example.org/a_(b), http://x.test/p?q=1. not javascript:alert(1) nor ftp://files.test",
    );
    const text = message(alice, "see");
    await text.waitFor();
    const links = await text.locator("a").evaluateAll((as) =>
      as.map((a) => ({
        href: a.getAttribute("href"),
        rel: a.getAttribute("rel"),
        target: a.getAttribute("target"),
      }))
    );
    assert.deepEqual(links, [
      {
        href: "https://example.org/a_(b)",
        rel: "noopener noreferrer",
        target: "_blank",
      },
      {
        href: "http://x.test/p?q=1",
        rel: "noopener noreferrer",
        target: "_blank",
      },
    ]);
    assert.equal(
      await alice.locator(".message img, .message iframe").count(),
      0,
    );
    assert.match(await text.innerText(), /javascript:alert\(1\) nor ftp:/);
  } finally {
    await w.close();
  }
});

Deno.test("consecutive messages from one person within five minutes are grouped under one name", async () => {
  const w = await webWorld();
  try {
    const start = Date.now() - 30 * 60_000;
    const seed = [
      ["bob", 0, "one"],
      ["bob", 60_000, "two"],
      ["bob", 120_000, "three"],
      ["bob", 20 * 60_000, "later"],
      ["carol", 20 * 60_000 + 1000, "someone else"],
    ] as const;
    for (const [sender, at, text] of seed) {
      await w.backend.storeMessage({
        sender,
        sentAt: start + at,
        text,
        channel: null,
      });
    }
    const alice = await w.signIn("alice");
    await message(alice, "someone else").waitFor();
    const grouped = await alice.locator(".message").evaluateAll((ms) =>
      ms.map((m) => m.classList.contains("grouped"))
    );
    assert.deepEqual(grouped, [false, true, true, false, false]);
    // A grouped message keeps its sender for screen readers.
    assert.equal(
      await alice.locator(".message.grouped .sender").first().textContent(),
      "bob",
    );
  } finally {
    await w.close();
  }
});

Deno.test("New messages shows when scrolled up; sending your own message scrolls to it", async () => {
  const w = await webWorld();
  try {
    for (let i = 0; i < 60; i++) {
      await w.backend.storeMessage({
        sender: "bob",
        sentAt: Date.now() - 3_600_000 + i * 600_000 / 60,
        text: `old ${i}`,
        channel: null,
      });
    }
    const alice = await w.signIn("alice");
    const bob = await w.telnetAs("bob");
    await message(alice, "old 59").waitFor();
    const list = alice.locator(".message-list");
    await until(
      async () => await atBottom(alice),
      "the list starts at its end",
    );
    await list.evaluate((el) => (el.scrollTop = 200));
    // A scroll event comes with the next frame: a message arriving before
    // it would still find the reader at the end (as one would be).
    await until(
      () =>
        list.evaluate((el) =>
          Number(el.dataset.fromBottom ?? 0) - el.clientHeight >= 40
        ),
      "the page saw the reader scroll up",
    );
    await bob.send("news while you read");
    const button = alice.getByRole("button", { name: /1 new message/ });
    await button.waitFor();
    assert.equal(await atBottom(alice), false, "the reader was not moved");
    await button.click();
    await until(async () => await atBottom(alice), "scrolled to the end");
    assert.equal(await button.count(), 0);

    await list.evaluate((el) => (el.scrollTop = 200));
    await say(alice, "my own words");
    await message(alice, "my own words").waitFor();
    await until(async () => await atBottom(alice), "own message in view");
  } finally {
    await w.close();
  }
});

Deno.test("Load older messages keeps keyboard focus in the list, also when the last page came", async () => {
  const w = await webWorld();
  try {
    for (let i = 0; i < 120; i++) {
      await w.backend.storeMessage({
        sender: "bob",
        sentAt: Date.now() - 7_200_000 + i * 1000,
        text: `msg ${i}`,
        channel: null,
      });
    }
    const alice = await w.signIn("alice");
    await message(alice, "msg 119").waitFor();
    const button = alice.getByRole("button", { name: "Load older messages" });
    await button.focus();
    await alice.keyboard.press("Enter");
    await message(alice, "msg 20").waitFor();
    assert.equal(await focused(alice), "Load older messages");
    await alice.keyboard.press("Enter");
    await message(alice, "msg 0").waitFor();
    await until(
      async () => await focused(alice) === "list",
      "focus moves to the list when the button goes",
    );
  } finally {
    await w.close();
  }
});

Deno.test("@mentions are highlighted for everyone, and marked on telnet for the one named", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    const carol = await w.signIn("carol");
    const bob = await w.telnetAs("bob");
    const dave = await w.telnetAs("dave");
    await say(alice, "lunch, @bob? and @carol");
    const text = message(carol, "lunch");
    await text.waitFor();
    assert.deepEqual(await text.locator(".at").allTextContents(), [
      "@bob",
      "@carol",
    ]);
    assert.equal(await text.locator(".at-me").textContent(), "@carol");
    assert.equal(await carol.locator(".message.mentioned").count(), 1);
    assert.equal(await alice.locator(".message.mentioned").count(), 0);
    await bob.expect("\x07>> [");
    await bob.expect(/>> \[\d\d:\d\d\] <alice> lunch, @bob\? and @carol/);
    await dave.expect("<alice> lunch, @bob? and @carol");
    assert.ok(!dave.text.includes(">> ["), "dave is not mentioned");
  } finally {
    await w.close();
  }
});

function atBottom(page: Page): Promise<boolean> {
  return page.locator(".message-list").evaluate((el) =>
    el.scrollHeight - el.scrollTop - el.clientHeight < 4
  );
}

function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (el?.classList.contains("message-list")) return "list";
    return el?.textContent ?? "";
  });
}
