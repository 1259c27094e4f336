import assert from "node:assert/strict";
import {
  assertBystanderChats,
  frame,
  ManualClock,
  startServer,
} from "./_support/mod.ts";

Deno.test("limits cap the channels one participant owns", async () => {
  const server = await startServer({ limits: { maxChannelsPerOwner: 2 } });
  try {
    const olga = await server.member("olga");
    const bob = await server.member("bob");
    await olga.ask("/create one", "Created #one");
    await olga.ask("/create two", "Created #two");
    await olga.ask("/create three", "! You own 2 channels, the limit");
    assert.equal(await server.backend.getChannel("three"), null);
    const ws = await server.ws("olga");
    ws.send({ type: "create_channel", channel: "four", ref: 7 });
    await ws.expect(
      frame("error", {
        code: "limit",
        message: "You own 2 channels, the limit",
        ref: 7,
      }),
    );
    // The limit is per owner: a bystander still creates and chats.
    await bob.ask("/create bobs", "Created #bobs");
    await olga.ask("still here", "> still here");
    await assertBystanderChats(server, bob, "bob is unaffected");
  } finally {
    await server.close();
  }
});

Deno.test("slow mode lets each non-owner send one message per N seconds", async () => {
  const clock = new ManualClock();
  const server = await startServer({ clock });
  try {
    const olga = await server.member("olga");
    const ben = await server.member("ben");
    await olga.ask("/create club", "Created #club");
    await ben.ask("/request club", "Asked for access");
    await olga.ask("/grant club ben", "ben may now use #club");
    await ben.ask("/join club", "You are in #club");
    await olga.ask("/join club", "You are in #club");
    await ben.ask(
      "/slow club 5",
      "! Only the owner of #club may set slow mode",
    );
    await olga.ask("/slow club -1", "! Slow mode is 0 (off) to 86400 seconds");
    await olga.ask("/slow club 1", "* Slow mode on in #club");
    await ben.expect("* Slow mode in #club: one message every second");

    await ben.ask("a", "<ben> a");
    await ben.ask("b", "! Slow mode: one message every second in #club");
    await olga.ask("owner 1", "<olga> owner 1");
    await olga.ask("owner 2", "<olga> owner 2");
    clock.advance(999);
    await ben.ask("c", "! Slow mode: one message every second in #club");
    clock.advance(1);
    await ben.ask("c", "<ben> c");
    // Turning it off applies at once on this instance.
    await olga.ask("/slow club 0", "* Slow mode is off in #club");
    await ben.ask("d", "<ben> d");
    await ben.ask("e", "<ben> e");

    const stored = await server.backend.getChannelHistory("club");
    assert.deepEqual(stored.messages.map((m) => m.text), [
      "a",
      "owner 1",
      "owner 2",
      "c",
      "d",
      "e",
    ]);
    assert.ok(!olga.text.includes("<ben> b"), "a refused message is not sent");
  } finally {
    await server.close();
  }
});

Deno.test("slow mode is set over WebSocket with a slow_mode frame", async () => {
  const server = await startServer();
  try {
    const olga = await server.member("olga");
    await olga.ask("/create den", "Created #den");
    const ws = await server.ws("olga");
    ws.send({ type: "slow_mode", channel: "den", seconds: 30, ref: 1 });
    const reply = await ws.expect(frame("channel_updated", { ref: 1 }));
    assert.equal(reply.name, "den");
    assert.equal(reply.slowModeSeconds, 30);
    ws.send({ type: "slow_mode", channel: "den", seconds: -3, ref: 2 });
    await ws.expect(frame("error", { code: "invalid", ref: 2 }));
    ws.send({ type: "slow_mode", channel: "den", seconds: 90_000, ref: 3 });
    await ws.expect(
      frame("error", {
        message: "Slow mode is 0 (off) to 86400 seconds",
        ref: 3,
      }),
    );
    const wes = await server.ws("wes");
    wes.send({ type: "slow_mode", channel: "den", seconds: 1, ref: 4 });
    await wes.expect(frame("error", { code: "forbidden", ref: 4 }));
    assert.equal((await server.backend.getChannel("den"))?.slowModeSeconds, 30);
  } finally {
    await server.close();
  }
});
