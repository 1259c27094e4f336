/**
 * The owner's controls in the members panel, in a real Chromium: the
 * Banned list with Unban (the participant is told and may ask again), and
 * handing the channel to a member after an in-page confirmation, the
 * owner controls then moving live from one page to the other.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  club,
  gone,
  membersPanel,
  seriousViolations,
  until,
  webWorld,
} from "./_support/mod.ts";

/**
 * Asserts that the keyboard focus reaches `want`: the focused element's id,
 * else its aria-label, else its text. Focus moves as the page renders, so
 * it is given a few seconds.
 */
async function assertFocus(page: Page, want: string): Promise<void> {
  const focused = (w: string | null) => {
    const el = document.activeElement;
    const found = el?.id || el?.getAttribute("aria-label") || el?.textContent;
    return w === null ? found ?? "" : found === w;
  };
  await page.waitForFunction(focused, want, { timeout: 5_000 })
    .catch(() => {});
  assert.equal(await page.evaluate(focused, null), want);
}

Deno.test("the owner sees who is banned and lifts a ban; the participant is told and may ask again", async () => {
  const w = await webWorld();
  try {
    const { alice, bob } = await club(w, "bob");
    const panel = membersPanel(alice);
    // Nobody is banned yet: no Banned section.
    await panel.locator(".person", { hasText: "bob" }).waitFor();
    assert.equal(
      await panel.getByRole("heading", { name: "Banned" }).count(),
      0,
    );

    await panel.getByRole("button", { name: "Ban bob from #club" }).click();
    await bob.getByText("alice banned you from #club").waitFor();
    const banned = panel.getByRole("region", { name: "Banned" });
    await banned.locator(".person", { hasText: "bob" }).waitFor();
    await gone(panel.getByRole("button", { name: "Remove bob from #club" }));
    await bob.locator(".room.locked", { hasText: "#club" })
      .locator(".badge", { hasText: "banned" }).waitFor();
    assert.deepEqual(await seriousViolations(alice), [], "the Banned list");

    // By keyboard: the button goes with the list, the focus stays in the panel.
    await banned.getByRole("button", { name: "Unban bob from #club" })
      .press("Enter");
    await alice.getByText("Lifted the ban on bob from #club").waitFor();
    await gone(banned);
    await assertFocus(alice, "members-title");

    await bob.getByText("alice lifted your ban from #club").waitFor();
    await bob.locator(".room.locked", { hasText: "#club" })
      .getByRole("button", { name: "Request access to #club" }).click();
    await bob.getByText("Asked the owner for access to #club").waitFor();
    await alice.locator(".request", { hasText: "bob" })
      .getByRole("button", { name: "Grant" }).waitFor();
  } finally {
    await w.close();
  }
});

Deno.test("the owner hands the channel to a member after confirming, and the owner controls move live", async () => {
  const w = await webWorld();
  try {
    const { alice, carol, dan } = await club(w, "carol", "dan");
    const dansClub = dan.getByRole("link", { name: /#club/ });
    assert.equal(await dansClub.getAttribute("title"), "#club, owned by alice");
    await carol.getByRole("link", { name: /#club/ }).click();
    await carol.waitForURL(`${w.base}/chat/club`);
    const mine = membersPanel(alice);
    const hers = membersPanel(carol);
    await hers.locator(".person", { hasText: "alice" }).waitFor();
    assert.equal(await hers.getByRole("button", { name: /Remove/ }).count(), 0);

    // Asking is not doing: Escape takes the question back.
    const makeOwner = mine.getByRole("button", {
      name: "Make owner of #club: carol",
    });
    await makeOwner.click();
    const question = mine.getByRole("group", {
      name: /Make carol the owner of #club\?/,
    });
    await question.waitFor();
    await assertFocus(alice, "Cancel");
    assert.deepEqual(await seriousViolations(alice), [], "the question");
    await alice.keyboard.press("Escape");
    await gone(question);
    await assertFocus(alice, "Make owner of #club: carol");
    assert.equal(await hers.getByRole("button", { name: /Remove/ }).count(), 0);

    await makeOwner.click();
    await question.getByRole("button", { name: "Make carol owner" }).click();
    await alice.getByText(/handed #club to carol/).first().waitFor();

    // Carol's page gains the controls; alice's loses them and offers Leave.
    await hers.locator(".person", { hasText: "carol" })
      .getByText("(owner)").waitFor();
    await hers.getByRole("button", { name: "Remove alice from #club" })
      .waitFor();
    await hers.getByRole("button", { name: "Make owner of #club: alice" })
      .waitFor();
    assert.equal(
      await hers.getByRole("button", { name: /^Leave/ }).count(),
      0,
    );
    await mine.locator(".person", { hasText: "carol" })
      .getByText("(owner)").waitFor();
    await gone(mine.getByRole("button", { name: /Remove|Ban|Make/ }));
    await mine.getByRole("button", { name: "Leave #club" }).waitFor();
    await assertFocus(alice, "members-title");
    // A bystanding member's sidebar learns the new owner live too.
    await until(
      async () =>
        await dansClub.getAttribute("title") === "#club, owned by carol",
      "dan's sidebar names carol",
    );

    // The server agrees: carol's Remove takes alice out.
    await hers.getByRole("button", { name: "Remove alice from #club" })
      .click();
    await alice.getByText("carol removed you from #club").waitFor();
    await alice.waitForURL(`${w.base}/chat`);
  } finally {
    await w.close();
  }
});
