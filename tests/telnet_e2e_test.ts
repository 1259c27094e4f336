import assert from "node:assert/strict";
import { ManualClock, startServer } from "./_support/mod.ts";

Deno.test("telnet registers, logs in and refuses bad credentials", async () => {
  const server = await startServer();
  try {
    const alice = await server.member("alice");
    await alice.ask("/quit", "* Bye");
    await alice.expectClosed();

    const again = await server.client();
    await again.ask("/login alice wrong", "! Wrong name or password");
    await again.ask("/login nobody alice-password", "! Wrong name or password");
    await again.ask("/login ALICE alice-password", "Welcome, alice");

    const dup = await server.client();
    await dup.ask(
      "/register Alice other-password x@example.com",
      "! The name Alice is already taken",
    );
    await dup.ask(
      "/register al pw a@example.com",
      "! Name must be 3 to 32 characters long",
    );
    await dup.ask(
      "/register bob pw not-an-email",
      "! Email address looks invalid",
    );
  } finally {
    await server.close();
  }
});

Deno.test("telnet guided menu registers and logs in with echo off for passwords", async () => {
  const server = await startServer();
  try {
    const c = await server.client();
    await c.ask("2", "Name: ");
    await c.ask("dora", "Password: ");
    // IAC WILL ECHO before the password; answered like a real client, the
    // server says IAC WONT ECHO after it, and asks again for the repeat.
    const will = await c.expectBytes([255, 251, 1]);
    await c.sendBytes(Uint8Array.of(255, 253, 1));
    await c.ask("s3cret-pw", "Repeat password: ");
    const wont = await c.expectBytes([255, 252, 1], will + 3);
    await c.sendBytes(Uint8Array.of(255, 254, 1));
    const again = await c.expectBytes([255, 251, 1], wont + 3);
    await c.sendBytes(Uint8Array.of(255, 253, 1));
    await c.ask("s3cret-pw", "Email: ");
    await c.expectBytes([255, 252, 1], again + 3);
    await c.ask("dora@example.com", "Welcome, dora");
    await c.ask("/quit", "Bye");

    const d = await server.client();
    await d.ask("1", "Name: ");
    await d.ask("dora", "Password: ");
    await d.ask("s3cret-pw", "Welcome, dora");
    await d.ask("/menu", "1) Create a channel");
    await d.ask("1", "New channel name: ");
    await d.ask("attic", "Created #attic");
    await d.ask("/menu", "Choice: ");
    await d.ask("2", "Channel to enter: ");
    await d.ask("attic", "You are in #attic");
  } finally {
    await server.close();
  }
});

Deno.test("telnet delivers general chat to everyone live", async () => {
  const server = await startServer();
  try {
    const [a, b, c] = await Promise.all(
      ["ann", "ben", "cat"].map((n) => server.member(n)),
    );
    await a.send("hello everyone");
    for (const client of [a, b, c]) {
      await client.expect(/\[\d\d:\d\d\] <ann> hello everyone/);
    }
    await c.ask("/history", "<ann> hello everyone");
  } finally {
    await server.close();
  }
});

Deno.test("telnet keeps channel messages private, through request, grant and join", async () => {
  const server = await startServer();
  try {
    const owner = await server.member("olga");
    const guest = await server.member("gus");
    const other = await server.member("otto");
    await owner.ask("/create club", "Created #club");
    await owner.ask("/join club", "You are in #club");
    await guest.ask(
      "/join club",
      "! #club is private; ask its owner for access with /request club",
    );
    await guest.ask("/history", "No messages");

    let from = owner.text.length;
    await guest.ask("/request club", "Asked for access to #club");
    await owner.expect("gus asks to join #club: /grant club gus", { from });
    await owner.ask("/requests", "gus asks to join #club");

    from = guest.text.length;
    await owner.ask("/grant club gus", "gus may now use #club");
    await guest.expect("You may now use #club", { from });
    await guest.ask("/join club", "You are in #club");

    from = other.text.length;
    await guest.send("secret plan");
    await owner.expect("#club <gus> secret plan");
    await owner.send("agreed");
    await guest.expect("#club <olga> agreed");
    await other.ask("visible line", "<otto> visible line");
    assert.ok(!other.text.slice(from).includes("secret plan"));
    assert.ok(!other.text.includes("agreed"));
    await other.ask("/history", "<otto> visible line");
    assert.ok(!other.text.includes("secret plan"));
    const general = await server.backend.getChatHistory();
    assert.deepEqual(general.messages.map((m) => m.text), ["visible line"]);
  } finally {
    await server.close();
  }
});

Deno.test("telnet deny tells the requester, who stays out", async () => {
  const server = await startServer();
  try {
    const owner = await server.member("olga");
    const guest = await server.member("gus");
    await owner.ask("/create den", "Created #den");
    await guest.ask("/request den", "Asked for access");
    await owner.ask("/deny den gus", "Denied gus access to #den");
    await guest.expect("Your request to join #den was denied");
    await guest.ask("/join den", "! #den is private");
    await guest.ask("/grant den gus", "! Only the owner of #den may decide");
  } finally {
    await server.close();
  }
});

Deno.test("telnet answers a non-owner's grant or deny alike, whether or not anyone asked", async () => {
  const server = await startServer();
  try {
    const owner = await server.member("olga");
    const guest = await server.member("gus");
    const snoop = await server.member("sam");
    await owner.ask("/create den", "Created #den");
    await guest.ask("/request den", "Asked for access");
    // Different answers for gus and nobody would tell sam who asked.
    const answers: string[] = [];
    for (const verb of ["grant", "deny"]) {
      for (const who of ["gus", "nobody"]) {
        const from = snoop.text.length;
        await snoop.ask(`/${verb} den ${who}`, /! .*\r\n/);
        answers.push(snoop.text.slice(from).match(/! .*/)![0]);
      }
    }
    assert.deepEqual(
      answers,
      Array(4).fill("! Only the owner of #den may decide"),
    );
    await owner.ask("/requests", "gus");
  } finally {
    await server.close();
  }
});

Deno.test("telnet tells offline owners and requesters on their next login", async () => {
  const server = await startServer();
  try {
    const owner = await server.member("olga");
    await owner.ask("/create club", "Created #club");
    await owner.ask("/quit", "Bye");
    const guest = await server.member("gus");
    await guest.ask("/request club", "Asked for access");
    await guest.ask("/quit", "Bye");

    const back = await server.client();
    await back.ask("/login olga olga-password", "gus asks to join #club");
    await back.ask("/grant club gus", "gus may now use #club");

    const guestBack = await server.client();
    await guestBack.ask("/login gus gus-password", "You may now use #club");
  } finally {
    await server.close();
  }
});

Deno.test("telnet /who lists offline participants too", async () => {
  const server = await startServer();
  try {
    const gone = await server.member("gone");
    await gone.ask("/quit", "Bye");
    await gone.expectClosed();
    const here = await server.member("here");
    await here.ask("/who", /\+ here \(online\)/);
    await here.expect(/ {3}gone\r\n/);
    assert.equal(server.session.isOnline("gone"), false);
  } finally {
    await server.close();
  }
});

Deno.test("telnet idle connections are told and removed, and may reconnect", async () => {
  const server = await startServer({ idleTimeoutMs: 300 });
  try {
    const idle = await server.member("idler");
    assert.equal(server.session.isOnline("idler"), true);
    assert.equal(server.session.size, 1);
    await idle.expect("* you were idle for too long, disconnecting", {
      timeoutMs: 3000,
    });
    await idle.expectClosed();
    assert.equal(server.session.size, 0);
    assert.equal(server.session.isOnline("idler"), false);

    const back = await server.client();
    await back.ask("/login idler idler-password", "Welcome, idler");
    assert.equal(server.session.isOnline("idler"), true);
  } finally {
    await server.close();
  }
});

Deno.test("telnet activity postpones the idle disconnect", async () => {
  const clock = new ManualClock();
  // Sweeps every 50 ms of the manual clock; a line is activity.
  const server = await startServer({ idleTimeoutMs: 400, clock });
  try {
    const busy = await server.member("busy");
    for (let i = 0; i < 5; i++) {
      clock.advance(300);
      await busy.ask(`line ${i}`, `<busy> line ${i}`);
    }
    clock.advance(399);
    assert.equal(server.session.isOnline("busy"), true, "1.9 s, never idle");
    clock.advance(50);
    await busy.expect("idle for too long");
    await busy.expectClosed();
  } finally {
    await server.close();
  }
});

Deno.test("telnet handles IAC negotiation, CRLF, CR NUL and LF", async () => {
  const server = await startServer();
  try {
    const c = await server.member("iac");
    // What the telnet program sends when negotiating, then lines.
    await c.sendBytes(
      Uint8Array.of(
        255,
        253,
        3,
        255,
        251,
        31,
        255,
        250,
        31,
        0,
        80,
        0,
        24,
        255,
        240,
      ),
    );
    await c.sendBytes(new TextEncoder().encode("one\r\0two\nthree\r\n"));
    await c.expect("<iac> one");
    await c.expect("<iac> two");
    await c.expect("<iac> three");
    // DO SGA is agreed to (WILL SGA); WILL NAWS answers the server's DO NAWS.
    assert.ok(hasBytes(c.bytes, [255, 251, 3]));
    assert.ok(!hasBytes(c.bytes, [255, 254, 31]));
  } finally {
    await server.close();
  }
});

Deno.test("telnet refuses an over-long line and invalid UTF-8 but keeps the connection", async () => {
  const server = await startServer({ maxLineBytes: 8192 });
  try {
    const c = await server.member("long");
    const huge = "x".repeat(20_000);
    await c.ask(huge, "! Line is longer than 8192 bytes; it was discarded");
    await c.ask("y".repeat(5000), "! Message is 5000 bytes; the limit is 4096");
    await c.sendBytes(Uint8Array.of(0x61, 0xfe, 0xc3, 0x28, 13, 10));
    await c.expect("! Line is not valid UTF-8; it was discarded");
    await c.ask("still here ✓", "<long> still here ✓");
    const history = await server.backend.getChatHistory();
    assert.deepEqual(history.messages.map((m) => m.text), ["still here ✓"]);
  } finally {
    await server.close();
  }
});

Deno.test("telnet one participant may hold several connections", async () => {
  const server = await startServer();
  try {
    const first = await server.member("multi");
    const second = await server.client();
    await second.ask("/login multi multi-password", "Welcome, multi");
    assert.equal(server.session.size, 2);
    await first.send("from first");
    await second.expect("<multi> from first");
    await first.ask("/quit", "Bye");
    await first.expectClosed();
    assert.equal(server.session.isOnline("multi"), true);
  } finally {
    await server.close();
  }
});

function hasBytes(haystack: Uint8Array, needle: number[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}
