/**
 * Layout and state in a real Chromium: the phone layout, notices and
 * presence that never go stale, colour contrast, the landing logo, and
 * what the page transfers.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  connected,
  createChannel,
  logIn,
  message,
  PHONE,
  say,
  submitChannel,
  until,
  webWorld,
} from "./_support/mod.ts";

Deno.test("phone layout: one-row top bar with the user's name, rooms and people in a drawer, the composer at the bottom", async () => {
  const w = await webWorld();
  try {
    for (let i = 0; i < 40; i++) {
      await w.backend.storeMessage({
        sender: i % 2 ? "bob" : "carol",
        sentAt: Date.now() - 600_000 + i * 1000,
        text: `message ${i}`,
        channel: null,
      });
    }
    const alice = await w.signIn("alice", { viewport: PHONE });
    await message(alice, "message 39").waitFor();
    // Nothing below the screen: the page itself does not scroll.
    assert.equal(
      await alice.evaluate(() => document.documentElement.scrollHeight),
      PHONE.height,
    );
    const input = (await alice.getByRole("textbox", { name: "Message" })
      .boundingBox())!;
    assert.ok(input.y + input.height > PHONE.height - 40, "composer at bottom");
    assert.ok(await alice.locator(".whoami").isVisible());
    assert.equal(await alice.locator(".whoami").textContent(), "alice");
    await oneRow(alice);
    // An error does not add a row.
    await say(alice, "x".repeat(5000));
    await alice.locator("#message-error").waitFor();
    await oneRow(alice);
    await alice.getByRole("textbox", { name: "Message" }).fill("");

    const sidebar = alice.locator("#sidebar");
    assert.equal(await sidebar.isVisible(), false);
    const toggle = alice.getByRole("button", { name: /Rooms and people/ });
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    await until(() => sidebar.isVisible(), "the drawer opens");
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    assert.equal(
      await alice.evaluate(() =>
        document.getElementById("sidebar")!.contains(document.activeElement)
      ),
      true,
      "focus moves into the drawer",
    );
    await alice.keyboard.press("Escape");
    await until(async () => !(await sidebar.isVisible()), "Escape closes it");
    await toggle.click();
    await createChannel(alice, "club");
    await until(async () => !(await sidebar.isVisible()), "entering closes it");
  } finally {
    await w.close();
  }
});

Deno.test("transient notices clear after a few seconds, and the restart notice clears once reconnected", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    await alice.clock.install();
    await submitChannel(alice, "club");
    const created = alice.locator(".notice", { hasText: "Created #club" });
    await created.waitFor();
    await alice.clock.runFor(6_000);
    await created.waitFor({ state: "detached" });

    await w.restart();
    const restarting = alice.locator(".notice", {
      hasText: "server restarting",
    });
    await restarting.waitFor();
    await alice.clock.runFor(20_000); // Past every reconnect backoff.
    await connected(alice);
    await restarting.waitFor({ state: "detached" });
  } finally {
    await w.close();
  }
});

Deno.test("presence is greyed and marked unknown while disconnected, and live again after", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    await w.telnetAs("bob");
    await alice.locator(".person.online", { hasText: "bob" }).waitFor();
    await w.stopWeb();
    await alice.locator(".people.stale").waitFor();
    assert.equal(await alice.locator(".person.online").count(), 0);
    await alice.getByText("status unknown while disconnected").waitFor();
    await w.startWeb();
    await connected(alice);
    await alice.locator(".person.online", { hasText: "bob" }).waitFor();
    assert.equal(await alice.locator(".people.stale").count(), 0);
  } finally {
    await w.close();
  }
});

for (const colorScheme of ["light", "dark"] as const) {
  Deno.test(`own-bubble times, error text and the offline mark meet WCAG AA contrast (${colorScheme})`, async () => {
    const w = await webWorld();
    try {
      await w.register("offline-person");
      const alice = await w.signIn("alice", { colorScheme });
      await say(alice, "mine");
      await message(alice, "mine").waitFor();
      await submitChannel(alice, "bad name");
      await alice.locator("#new-channel-error").waitFor();
      await alice.locator(".person", { hasText: "offline-person" }).waitFor();
      const ratio = (selector: string, property: string, against: string) =>
        alice.evaluate(contrastOf, { selector, property, against });
      // Text: 4.5:1 (it is under 18 px); a mark's edge: 3:1 (WCAG 1.4.11).
      assert.ok(
        await ratio(".message.mine time", "color", ".message.mine") >= 4.5,
      );
      assert.ok(
        await ratio("#new-channel-error", "color", ".inline-form") >= 4.5,
      );
      assert.ok(
        await ratio(".person:not(.online) .dot", "borderTopColor", ".people") >=
          3,
      );
    } finally {
      await w.close();
    }
  });
}

Deno.test("the landing page's logo letter sits inside its tile", async () => {
  const w = await webWorld();
  try {
    const page = await (await w.browser.newContext()).newPage();
    await page.goto(w.base);
    const fits = await page.locator(".landing .logo").evaluate((tile) => {
      const range = document.createRange();
      range.selectNodeContents(tile);
      const glyph = range.getBoundingClientRect();
      const box = tile.getBoundingClientRect();
      return glyph.top >= box.top && glyph.bottom <= box.bottom &&
        glyph.left >= box.left && glyph.right <= box.right;
    });
    assert.equal(fits, true);
  } finally {
    await w.close();
  }
});

Deno.test("the page comes compressed with an ETag, and its scripts and stylesheet cached as immutable", async () => {
  const w = await webWorld();
  try {
    await w.register("alice");
    const page = await (await w.browser.newContext()).newPage();
    const seen = new Map<string, Record<string, string>>();
    page.on("response", async (r) => {
      seen.set(new URL(r.url()).pathname, await r.allHeaders());
    });
    await page.goto(`${w.base}/login`);
    await logIn(page, "alice", "password-1");
    await connected(page);
    const html = seen.get("/chat")!;
    assert.equal(html["content-encoding"], "gzip");
    assert.match(html["etag"], /^W\/"/);
    assert.equal(html["cache-control"], "private, no-cache");
    const scripts = [...seen.keys()].filter((p) => p.startsWith("/_fresh/js/"));
    assert.ok(scripts.length >= 3, `scripts: ${scripts}`);
    for (const path of [...scripts, "/styles.css"]) {
      assert.equal(
        seen.get(path)!["cache-control"],
        "public, max-age=31536000, immutable",
        path,
      );
    }
    assert.equal(seen.get("/styles.css")!["content-encoding"], "gzip");
    // The stylesheet and boot script are linked by content hash.
    assert.match(
      await page.locator("link[rel=stylesheet]").getAttribute("href") ?? "",
      /^\/styles\.css\?v=[0-9a-f]{12}$/,
    );
    // Revalidating the page costs a 304 with no body.
    const etag = html["etag"];
    const again = await page.request.get(`${w.base}/chat`, {
      headers: { "if-none-match": etag },
    });
    assert.equal(again.status(), 304);
  } finally {
    await w.close();
  }
});

async function oneRow(page: Page): Promise<void> {
  const tops = await page.locator(
    ".topbar > *:not(.island), .topbar .island > *",
  )
    .evaluateAll((els) =>
      els.filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => el.getBoundingClientRect())
        .map((r) => Math.round(r.top + r.height / 2))
    );
  const spread = Math.max(...tops) - Math.min(...tops);
  assert.ok(spread <= 4, `top bar items on one row (centres ${tops})`);
}

// The contrast ratio of `selector`'s `property` colour against the
// background of `against` (WCAG 2 relative luminance).
function contrastOf(
  args: { selector: string; property: string; against: string },
): number {
  const rgb = (css: string) => css.match(/[\d.]+/g)!.slice(0, 3).map(Number);
  const lum = (c: number[]) => {
    const [r, g, b] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const el = document.querySelector(args.selector)!;
  const bg = document.querySelector(args.against)!;
  // deno-lint-ignore no-explicit-any
  const fg = rgb((getComputedStyle(el) as any)[args.property]);
  const back = rgb(getComputedStyle(bg).backgroundColor);
  const [hi, lo] = [lum(fg), lum(back)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}
