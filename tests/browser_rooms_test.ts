/**
 * Rooms in a real Chromium: a URL per room, new channels appearing live
 * (on one instance and across two), unread counts and the join-request
 * badge, and long names that never push a control out of reach.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { MemoryBus } from "../lib/chat/mod.ts";
import {
  connected,
  createChannel,
  grant,
  message,
  say,
  submitChannel,
  until,
  webWorld,
} from "./_support/mod.ts";

Deno.test("each room has a URL: reload and back/forward return to it, a member opening it lands in it", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    await createChannel(alice, "club");
    await say(alice, "in the club");
    await message(alice, "in the club").waitFor();
    await alice.reload();
    await connected(alice);
    await alice.locator(".room-title", { hasText: "#club" }).waitFor();
    await message(alice, "in the club").waitFor();

    await alice.getByRole("link", { name: "General chat" }).click();
    await alice.waitForURL(`${w.base}/chat`);
    await alice.locator(".room-title", { hasText: "General chat" }).waitFor();
    await alice.goBack();
    await alice.waitForURL(`${w.base}/chat/club`);
    await alice.locator(".room-title", { hasText: "#club" }).waitFor();
    await message(alice, "in the club").waitFor();
    await alice.goForward();
    await alice.locator(".room-title", { hasText: "General chat" }).waitFor();

    // The owner shares the URL with bob once he is in.
    const bob = await w.telnetAs("bob");
    await bob.ask("/request club", "Asked for access");
    await grant(alice, "bob");
    await bob.expect("You may now use #club");
    const bobPage = await w.signIn("bob", { path: "/chat/club" });
    await bobPage.locator(".room-title", { hasText: "#club" }).waitFor();
    await message(bobPage, "in the club").waitFor();
  } finally {
    await w.close();
  }
});

Deno.test("a non-member opening a channel's URL is told it is private and may ask for access; a missing one is named", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    await createChannel(alice, "secret");
    await say(alice, "private words");
    await message(alice, "private words").waitFor();

    const bob = await w.signIn("bob", { path: "/chat/secret" });
    await bob.getByText("#secret is private").waitFor();
    assert.equal(await bob.getByText("private words").count(), 0);
    assert.equal(
      await bob.getByRole("textbox", { name: "Message" }).count(),
      0,
    );
    await bob.getByRole("button", { name: "Request access" }).first().click();
    await bob.getByText("its owner has not answered yet").waitFor();
    await grant(alice, "bob");
    // Granted while looking at it: the room opens.
    await message(bob, "private words").waitFor();
    assert.equal(bob.url(), `${w.base}/chat/secret`);

    const res = await bob.goto(`${w.base}/chat/nowhere`);
    assert.equal(res?.status(), 404);
    await bob.getByText("There is no channel #nowhere.").waitFor();
    await bob.getByRole("button", { name: "Go to the general chat" }).click();
    await bob.waitForURL(`${w.base}/chat`);
    await bob.locator(".room-title", { hasText: "General chat" }).waitFor();
  } finally {
    await w.close();
  }
});

Deno.test("a new channel appears live for every browser and telnet user, and on another instance", async () => {
  const bus = new MemoryBus();
  const w = await webWorld({ bus });
  // A second instance: its own session and web server, the same storage and bus.
  const w2 = await webWorld({ bus, backend: w.backend });
  try {
    const alice = await w.signIn("alice");
    const carol = await w.signIn("carol");
    const dave = await w2.signIn("dave");
    const bob = await w.telnetAs("bob");
    await carol.locator(".room", { hasText: "General chat" }).waitFor();
    await submitChannel(alice, "club");
    for (const page of [carol, dave]) {
      const item = page.locator(".room.locked", { hasText: "#club" });
      await item.waitFor();
      await item.getByRole("button", { name: "Request access" }).waitFor();
    }
    await bob.expect(
      "* alice created #club; ask for access with /request club",
    );
    // The creator's own list shows it as theirs, once.
    await alice.getByRole("link", { name: /#club/ }).waitFor();
    assert.equal(await alice.locator(".room", { hasText: "#club" }).count(), 1);
  } finally {
    await w2.close();
    await w.close();
  }
});

Deno.test("unread counts show per room and in the tab title, clear on entering (on every device, live), and hold across reloads and devices", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    await createChannel(alice, "club");
    const bob = await w.telnetAs("bob");
    await bob.ask("/request club", "Asked for access");
    await grant(alice, "bob");
    await bob.expect("You may now use #club");
    await bob.ask("/join club", "You are in #club");
    await alice.getByRole("link", { name: "General chat" }).click();
    await alice.locator(".room-title", { hasText: "General chat" }).waitFor();

    await bob.send("one");
    await bob.send("two, @alice");
    await bob.send("three");
    const club = alice.getByRole("link", { name: /#club/ });
    await until(async () => await unreadOf(club) === "3", "three unread");
    assert.equal(await mentionsOf(club), "@1");
    await until(async () => await alice.title() === "(3) Parley", "title");

    // Another device, and a reload: the counts come from the read markers.
    const phone = await w.signIn("alice");
    const clubThere = phone.getByRole("link", { name: /#club/ });
    await until(async () => await unreadOf(clubThere) === "3", "other device");
    assert.equal(await mentionsOf(clubThere), "@1");
    await alice.reload();
    await connected(alice);
    await until(async () => await unreadOf(club) === "3", "after reload");

    await club.click();
    await message(alice, "three").waitFor();
    assert.equal(await unreadOf(club), null);
    await until(async () => await alice.title() === "Parley", "title clears");
    // Read on one device, cleared live on the other.
    await until(async () => await unreadOf(clubThere) === null, "live clear");
    await until(async () => await phone.title() === "Parley", "phone title");
    await alice.reload();
    await connected(alice);
    assert.equal(await unreadOf(club), null);
    await phone.reload();
    await connected(phone);
    await phone.getByRole("link", { name: /#club/ }).waitFor();
    assert.equal(
      await unreadOf(phone.getByRole("link", { name: /#club/ })),
      null,
    );
  } finally {
    await w.close();
  }
});

Deno.test("a join request shows a badge to the channel's owner", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    await createChannel(alice, "club");
    const bob = await w.telnetAs("bob");
    const carol = await w.telnetAs("carol");
    await bob.ask("/request club", "Asked for access");
    await carol.ask("/request club", "Asked for access");
    const badge = alice.locator("#inbox-title .unread-count");
    await until(async () => await badge.textContent() === "2", "two waiting");
    await alice.setViewportSize({ width: 390, height: 844 });
    const toggle = alice.getByRole("button", { name: /Rooms and people/ });
    assert.match(await toggle.innerText(), /2/);
    await alice.setViewportSize({ width: 1200, height: 760 });
    await grant(alice, "bob");
    await until(async () => await badge.textContent() === "1", "one left");
  } finally {
    await w.close();
  }
});

Deno.test("long names end in an ellipsis with a tooltip, and every control stays inside the sidebar and clickable", async () => {
  const w = await webWorld();
  try {
    const long = "a-very-long-channel-name-of-32ch";
    assert.equal(long.length, 32);
    const owner = "owner-with-a-long-name-of-32-chr";
    await w.register(owner);
    const bob = await w.telnetAs(owner);
    await bob.ask(`/create ${long}`, "Created");
    const alice = await w.signIn("alice");
    const item = alice.locator(".room.locked", { hasText: long });
    await item.waitFor();
    const name = item.locator(".room-name");
    assert.equal(await name.getAttribute("title"), `#${long}`);
    assert.ok(
      await name.evaluate((el) =>
        el.scrollWidth > el.clientWidth &&
        getComputedStyle(el).textOverflow === "ellipsis"
      ),
      "the name is cut with an ellipsis",
    );
    const sidebar = (await alice.locator(".sidebar").boundingBox())!;
    const button = item.getByRole("button", { name: "Request access" });
    const box = (await button.boundingBox())!;
    assert.ok(
      box.x >= sidebar.x && box.x + box.width <= sidebar.x + sidebar.width,
    );
    await button.click();
    await item.getByText("requested").waitFor();
    await bob.expect(`alice asks to join #${long}`);
  } finally {
    await w.close();
  }
});

type Link = ReturnType<Page["getByRole"]>;

// A badge's visible text (its screen-reader words left out); null without one.
function badge(link: Link, selector: string): Promise<string | null> {
  return link.locator(selector).evaluateAll((els) =>
    els[0]
      ? [...els[0].childNodes].filter((n) => n.nodeType === 3)
        .map((n) => n.textContent).join("")
      : null
  );
}

function unreadOf(link: Link): Promise<string | null> {
  return badge(link, ".unread-count");
}

function mentionsOf(link: Link): Promise<string | null> {
  return badge(link, ".mention-count");
}
