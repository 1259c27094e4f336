/**
 * A channel with members for browser moderation tests: alice owns #club,
 * each member asked for access from their own page and was granted it
 * from alice's inbox, as a user would. Plus the members panel and a wait
 * for something to go away.
 *
 * @module
 */
import type { Locator, Page } from "playwright-core";
import { createChannel, grant, type WebWorld } from "./web_world.ts";

/**
 * Signs in alice (her page in #club, which she creates) and each of
 * `names`, granted #club; their pages stay in the general chat.
 */
export async function club(
  w: WebWorld,
  ...names: string[]
): Promise<Record<string, Page>> {
  const alice = await w.signIn("alice");
  await createChannel(alice, "club");
  const pages: Record<string, Page> = { alice };
  for (const name of names) {
    const page = await w.signIn(name);
    await page.locator(".room.locked", { hasText: "#club" })
      .getByRole("button", { name: "Request access to #club" }).click();
    await grant(alice, name);
    await page.getByRole("link", { name: /#club/ }).waitFor();
    pages[name] = page;
  }
  return pages;
}

/** The members panel of `page`. */
export function membersPanel(page: Page): Locator {
  return page.locator(".panel.members");
}

/** Waits until nothing matches `locator`. */
export async function gone(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: "detached", timeout: 5_000 });
}
