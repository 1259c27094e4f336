/**
 * Moderation and direct messages in a real Chromium: the members panel
 * with online marks and the owner's Remove, a member leaving for good,
 * the Direct messages section opened from People, unread badges for
 * conversations, blocking, and a removal or message reaching a page live.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  club,
  gone,
  membersPanel,
  message,
  say,
  seriousViolations,
  webWorld,
} from "./_support/mod.ts";

Deno.test("the owner sees the members with online marks and removes one, who is moved out and told why", async () => {
  const w = await webWorld();
  try {
    const { alice, bob } = await club(w, "bob");
    await bob.getByRole("link", { name: /#club/ }).click();
    await bob.waitForURL(`${w.base}/chat/club`);
    await membersPanel(bob).getByText("Members of #club").waitFor();
    // A member sees the list but no Remove buttons, and may leave.
    await membersPanel(bob).locator(".person.online", { hasText: "alice" })
      .waitFor();
    assert.equal(
      await membersPanel(bob).getByRole("button", { name: /Remove/ })
        .count(),
      0,
    );
    await membersPanel(bob).getByRole("button", { name: "Leave #club" })
      .waitFor();

    await membersPanel(alice).locator(".person.online", { hasText: "bob" })
      .waitFor();
    assert.deepEqual(await seriousViolations(alice), [], "members panel");
    await membersPanel(alice).getByRole("button", {
      name: "Remove bob from #club",
    }).click();
    await bob.getByText("alice removed you from #club").waitFor();
    await bob.waitForURL(`${w.base}/chat`);
    await bob.locator(".room-title", { hasText: "General chat" }).waitFor();
    await bob.locator(".room.locked", { hasText: "#club" })
      .getByRole("button", { name: "Request access to #club" }).waitFor();
    await membersPanel(alice).getByText("Members of #club").waitFor();
    await gone(membersPanel(alice).locator(".person", { hasText: "bob" }));

    // Nothing more of the channel reaches bob, not even by its URL.
    await say(alice, "after bob left");
    await message(alice, "after bob left").waitFor();
    const res = await bob.goto(`${w.base}/chat/club`);
    assert.equal(res?.status(), 403);
    await bob.getByText("#club is private").waitFor();
    assert.equal(await bob.getByText("after bob left").count(), 0);
  } finally {
    await w.close();
  }
});

Deno.test("a member leaves a channel for good from its members panel", async () => {
  const w = await webWorld();
  try {
    const { alice, bob } = await club(w, "bob");
    await bob.getByRole("link", { name: /#club/ }).click();
    await membersPanel(bob).getByRole("button", { name: "Leave #club" })
      .click();
    await bob.getByText("You left #club").waitFor();
    await bob.waitForURL(`${w.base}/chat`);
    await bob.locator(".room.locked", { hasText: "#club" })
      .getByRole("button", { name: "Request access to #club" }).waitFor();
    await membersPanel(alice).getByText("Members of #club").waitFor();
    await gone(membersPanel(alice).locator(".person", { hasText: "bob" }));
  } finally {
    await w.close();
  }
});

Deno.test("direct messages: opened from People, live both ways with unread badges, private, blockable", async () => {
  const w = await webWorld();
  try {
    const alice = await w.signIn("alice");
    const bob = await w.signIn("bob");
    const carl = await w.signIn("carl");
    await alice.locator(".person", { hasText: "bob" })
      .getByRole("button", { name: "Message bob" }).click();
    await alice.waitForURL(`${w.base}/chat/@bob`);
    await alice.locator(".room-title", {
      hasText: "Direct messages with bob",
    }).waitFor();
    await say(alice, "hello bob, privately");
    await message(alice, "hello bob, privately").waitFor();

    // Bob is in the general chat: the conversation appears with a badge.
    const entry = bob.locator(".panel.directs a.room", { hasText: "alice" });
    await entry.locator(".unread-count", { hasText: "1" }).waitFor();
    await entry.click();
    await bob.waitForURL(`${w.base}/chat/@alice`);
    await message(bob, "hello bob, privately").waitFor();
    await gone(entry.locator(".unread-count"));
    await say(bob, "hi alice");
    await message(alice, "hi alice").waitFor();
    assert.deepEqual(await seriousViolations(alice), [], "a conversation");

    // Nobody else sees any of it, in their lists or by its URL.
    await say(carl, "carl was here");
    await message(carl, "carl was here").waitFor();
    assert.equal(await carl.getByText("hello bob, privately").count(), 0);
    assert.equal(
      await carl.locator(".panel.directs a.room").count(),
      0,
    );
    await carl.goto(`${w.base}/chat/@alice`);
    await carl.locator(".room-title", { hasText: "Direct messages with alice" })
      .waitFor();
    assert.equal(await carl.getByText("hello bob, privately").count(), 0);

    // Bob blocks alice: her next message is refused, with no reason given.
    await membersPanel(bob).getByRole("button", { name: "Block alice" })
      .click();
    await bob.getByText("You block alice").first().waitFor();
    await say(alice, "are you there?");
    await alice.getByText("Message not sent to bob").waitFor();
    assert.equal(await bob.getByText("are you there?").count(), 0);
    await membersPanel(bob).getByRole("button", { name: "Unblock alice" })
      .click();
    await membersPanel(bob).getByRole("button", { name: "Block alice" })
      .waitFor();
  } finally {
    await w.close();
  }
});

Deno.test("a page signing in shows the unread direct messages it missed, once", async () => {
  const w = await webWorld();
  try {
    const alice = await w.telnetAs("alice");
    await w.register("bob");
    await alice.ask("/msg bob while you were away", "<alice -> bob>");
    await alice.ask("/msg bob twice", "<alice -> bob> twice");
    const bob = await w.signIn("bob");
    await bob.getByText("2 new direct messages from alice").waitFor();
    const entry = bob.locator(".panel.directs a.room", { hasText: "alice" });
    await entry.locator(".unread-count", { hasText: "2" }).waitFor();
    await entry.click();
    await message(bob, "while you were away").waitFor();
    await message(bob, "twice").waitFor();
    await gone(entry.locator(".unread-count"));
    // Read here, so no badge after a reload either.
    await bob.goto(`${w.base}/chat`);
    await bob.locator(".panel.directs a.room", { hasText: "alice" }).waitFor();
    assert.equal(await entry.locator(".unread-count").count(), 0);
  } finally {
    await w.close();
  }
});
