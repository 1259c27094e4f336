import assert from "node:assert/strict";
import { openKvBackend } from "../lib/backends/kv.ts";
import { startServer, type TestServer } from "./_support/mod.ts";

/** olga owns #club; bob is a member, in it; both logged in on telnet. */
async function club(server: TestServer) {
  const olga = await server.member("olga");
  await olga.ask("/create club", "Created #club");
  const bob = await server.member("bob");
  await bob.ask("/request club", "Asked for access");
  await olga.ask("/grant club bob", "bob may now use #club");
  await bob.ask("/join club", "You are in #club");
  await olga.ask("/join club", "You are in #club");
  return { olga, bob };
}

Deno.test("telnet owner removes a member: moved out at once, told why, cut off from the channel", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    const from = bob.text.length;
    await olga.ask("/remove club bob", "* Removed bob from #club");
    await bob.expect("* olga removed you from #club", { from });
    await bob.expect("* You are in the general chat", { from });
    await olga.send("said after the removal");
    await olga.ask("/leave", "You are in the general chat");
    await olga.send("sync point");
    await bob.expect("<olga> sync point", { from });
    assert.ok(!bob.text.includes("said after the removal"));
    await bob.ask("/join club", "! #club is private; ask its owner");
    await bob.ask("/members club", "! #club is private");
    // They may ask again.
    await bob.ask("/request club", "Asked for access to #club");
    await olga.expect("bob asks to join #club");
    await olga.ask("/remove club bob", "! bob is not a member of #club");
    await bob.ask("/remove club olga", "! Only the owner of #club may");
  } finally {
    await server.close();
  }
});

Deno.test("telnet ban refuses requests until unbanned, and the owner lists bans", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    const carl = await server.member("carl");
    await olga.ask("/bans club", "* Nobody is banned from #club");
    await olga.ask("/ban club bob", "* Banned bob from #club");
    await bob.expect("* olga banned you from #club");
    await bob.ask("/request club", "! You are banned from #club");
    // A ban may come before any request.
    await olga.ask("/ban club carl", "* Banned carl from #club");
    await carl.ask("/request club", "! You are banned from #club");
    await olga.ask("/bans club", /Banned from #club:\r\n {2}bob\r\n {2}carl/);
    await carl.ask("/bans club", "! Only the owner of #club may list its bans");
    await olga.ask("/unban club bob", "* Lifted the ban on bob in #club");
    await bob.expect("* olga lifted your ban from #club; /request club");
    await bob.ask("/request club", "Asked for access to #club");
    await olga.ask("/unban club bob", "! bob is not banned from #club");
  } finally {
    await server.close();
  }
});

Deno.test("telnet /part gives up access for good, /leave only steps out", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    await bob.ask("/leave", "* You are in the general chat");
    await bob.ask("/join club", "You are in #club");
    const from = bob.text.length;
    await bob.send("/part club");
    await bob.expect("* You left #club", { from });
    await bob.expect("* You are in the general chat", { from });
    await olga.expect("* bob left #club");
    await bob.ask("/join club", "! #club is private");
    await bob.ask("/part club", "! You are not a member of #club");
    await olga.ask(
      "/part club",
      "! You own #club; hand it over to a member first",
    );
  } finally {
    await server.close();
  }
});

Deno.test("telnet /members lists the owner and members with online marks, for members only", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    const dan = await server.member("dan");
    await dan.ask("/request club", "Asked");
    await olga.ask("/grant club dan", "dan may now use #club");
    await dan.ask("/quit", "Bye");
    await dan.expectClosed();
    const carl = await server.member("carl");
    await carl.ask("/members club", "! #club is private; ask its owner");
    await bob.ask(
      "/members club",
      /Members of #club \(2 online\):\r\n {2}\+ olga \(owner, online\)\r\n {2}\+ bob \(online\)\r\n {4}dan\r\n/,
    );
    await olga.ask("/members nope", "! There is no channel #nope");
  } finally {
    await server.close();
  }
});

Deno.test("telnet /transfer hands a channel to a member, who is told and moderates", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    await server.member("carl");
    await olga.ask("/transfer club carl", "! carl is not a member of #club");
    await bob.ask(
      "/transfer club bob",
      "! Only the owner of #club may hand it over",
    );
    await olga.ask(
      "/transfer club bob",
      "* #club now belongs to bob; you stay a member",
    );
    await bob.expect("* olga handed #club to you; you own it now");
    await olga.ask("/remove club bob", "! Only the owner of #club may");
    await bob.ask("/channels", "#club (owner bob)");
    await bob.ask("/remove club olga", "* Removed olga from #club");
    await olga.expect("* bob removed you from #club");
  } finally {
    await server.close();
  }
});

Deno.test("telnet tells an offline member of a removal at the next login, and only once", async () => {
  const server = await startServer();
  try {
    const { olga, bob } = await club(server);
    await bob.ask("/quit", "Bye");
    await bob.expectClosed();
    await olga.ask("/remove club bob", "* Removed bob from #club");
    const back = await server.client();
    await back.ask("/login bob bob-password", "* olga removed you from #club");
    // The welcome comes first, then what they missed.
    assert.ok(
      back.text.indexOf("Welcome, bob") < back.text.indexOf("olga removed"),
    );
    await back.ask("/quit", "Bye");
    await back.expectClosed();
    const again = await server.client();
    await again.ask("/login bob bob-password", "Welcome, bob");
    await again.ask("/who", "Participants");
    assert.ok(!again.text.includes("removed you"));
  } finally {
    await server.close();
  }
});

Deno.test("telnet: a decision shown live is not shown again at the next login, on KV across a restart", async () => {
  const dir = await Deno.makeTempDir({ prefix: "parley_notice_" });
  const path = `${dir}/parley.kv`;
  try {
    const first = await startServer({ backend: await openKvBackend({ path }) });
    try {
      const olga = await first.member("olga");
      await olga.ask("/create club", "Created #club");
      const gus = await first.member("gus");
      await gus.ask("/request club", "Asked for access");
      await olga.expect("gus asks to join #club");
      await olga.ask("/grant club gus", "gus may now use #club");
      await gus.expect("* You may now use #club: /join club");
    } finally {
      await first.close();
    }
    const second = await startServer({
      backend: await openKvBackend({ path }),
    });
    try {
      const gus = await second.client();
      await gus.ask("/login gus gus-password", "Welcome, gus");
      const olga = await second.client();
      await olga.ask("/login olga olga-password", "Welcome, olga");
      for (const c of [gus, olga]) await c.ask("/who", "Participants");
      assert.ok(!gus.text.includes("You may now use"), gus.text);
      assert.ok(!olga.text.includes("asks to join"), olga.text);
      await gus.ask("/join club", "You are in #club");
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("telnet /help lists the moderation and direct-message commands", async () => {
  const server = await startServer();
  try {
    const c = await server.member("hal");
    await c.ask("/help", "/quit");
    for (
      const usage of [
        "/remove <channel> <name>",
        "/ban <channel> <name>",
        "/unban <channel> <name>",
        "/bans <channel>",
        "/part <channel>",
        "/members <channel>",
        "/transfer <channel> <name>",
        "/msg <name> <text>",
        "/dm <name>",
        "/dms",
        "/block [name]",
        "/unblock <name>",
      ]
    ) {
      assert.ok(c.text.includes(usage), usage);
    }
  } finally {
    await server.close();
  }
});
