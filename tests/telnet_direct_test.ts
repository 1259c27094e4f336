import assert from "node:assert/strict";
import { ManualClock, markerReaches, startServer } from "./_support/mod.ts";

Deno.test("telnet /msg reaches both participants on every connection, and nobody else", async () => {
  const server = await startServer();
  try {
    const alice = await server.member("alice");
    const bob = await server.member("bob");
    const bob2 = await server.client();
    await bob2.ask("/login bob bob-password", "Welcome, bob");
    const carl = await server.member("carl");
    await alice.ask(
      "/msg bob hello  there, bob",
      "<alice -> bob> hello  there, bob",
    );
    for (const c of [bob, bob2]) {
      await c.expect("<alice -> bob> hello  there, bob");
    }
    await alice.send("sync point");
    await carl.expect("<alice> sync point");
    assert.ok(!carl.text.includes("hello  there"));
    await bob.ask("/msg ALICE hi back", "<bob -> alice> hi back");
    await alice.expect("<bob -> alice> hi back");
    await alice.ask("/msg nobody hi", "! There is no participant nobody");
    await alice.ask(
      "/msg alice hi",
      "! You cannot send yourself a direct message",
    );
    await alice.ask("/msg bob", "! Usage: /msg <name> <text>");
  } finally {
    await server.close();
  }
});

Deno.test("telnet /dm enters a conversation where plain lines go, /history reads it, /leave returns", async () => {
  const server = await startServer();
  try {
    const alice = await server.member("alice");
    const bob = await server.member("bob");
    const carl = await server.member("carl");
    await alice.ask("/dm Bob", "* You are talking with bob; /leave returns");
    await alice.ask("just between us", "<alice -> bob> just between us");
    await bob.expect("<alice -> bob> just between us");
    await alice.ask(
      "/history",
      "* Last 1 messages in your conversation with bob:",
    );
    await alice.ask("/leave", "* You are in the general chat");
    await alice.ask("in public", "<alice> in public");
    await carl.expect("<alice> in public");
    assert.ok(!carl.text.includes("just between us"));
    assert.ok(!bob.text.includes("/dm"));
    await alice.ask("/dm alice", "! You cannot talk to yourself");
    await alice.ask("/dm nobody", "! There is no participant nobody");
  } finally {
    await server.close();
  }
});

Deno.test("telnet shows an offline recipient N new direct messages at the next login, once", async () => {
  const server = await startServer();
  try {
    const alice = await server.member("alice");
    const bob = await server.member("bob");
    await bob.ask("/quit", "Bye");
    await bob.expectClosed();
    await alice.ask("/msg bob first", "<alice -> bob> first");
    await alice.ask("/msg bob second", "<alice -> bob> second");
    const back = await server.client();
    await back.ask(
      "/login bob bob-password",
      "* 2 new direct messages from alice; /dm alice shows them",
    );
    await back.ask("/dms", "  alice (2 unread)");
    await back.ask("/dm alice", "* 2 new messages since you were last here");
    await back.ask("/history new", "<alice -> bob> second");
    await back.ask("/dms", /Direct conversations:\r\n {2}alice\r\n/);
    await back.ask("/quit", "Bye");
    await back.expectClosed();
    const again = await server.client();
    await again.ask("/login bob bob-password", "Welcome, bob");
    await again.ask("/who", "Participants");
    assert.ok(!again.text.includes("new direct message"));
  } finally {
    await server.close();
  }
});

Deno.test("telnet counts a direct message printed live as read", async () => {
  const server = await startServer();
  try {
    const alice = await server.member("alice");
    const bob = await server.member("bob");
    await alice.ask("/msg bob seen live", "<alice -> bob> seen live");
    await bob.expect("<alice -> bob> seen live");
    await markerReaches(server.backend, {
      name: "bob",
      room: { peer: "alice" },
      id: 1,
    });
    await bob.ask("/dms", /Direct conversations:\r\n {2}alice\r\n/);
  } finally {
    await server.close();
  }
});

Deno.test("telnet /block refuses direct messages with a neutral message until /unblock", async () => {
  const server = await startServer();
  try {
    const alice = await server.member("alice");
    const bob = await server.member("bob");
    await bob.ask("/block", "* You block nobody");
    await bob.ask("/block alice", "* You block alice");
    await bob.ask("/block alice", "! You already block alice");
    await bob.ask("/block", /You block:\r\n {2}alice\r\n/);
    await alice.ask("/msg bob are you there", "! Message not sent to bob");
    await bob.ask("/msg alice hi", "! You block alice; unblock them first");
    await bob.ask("/unblock alice", "* You no longer block alice");
    await bob.ask("/unblock alice", "! You do not block alice");
    await alice.ask("/msg bob now?", "<alice -> bob> now?");
    await bob.expect("<alice -> bob> now?");
    assert.ok(!bob.text.includes("are you there"));
  } finally {
    await server.close();
  }
});

Deno.test("telnet direct messages obey flood control, the size limit and storage failures", async () => {
  const clock = new ManualClock();
  const server = await startServer({
    clock,
    limits: { msgBurst: 2, msgRate: 1, maxMessageBytes: 10 },
  });
  try {
    const alice = await server.member("alice");
    await server.member("bob");
    await alice.ask(
      "/msg bob 12345678901",
      "! Message is 11 bytes; the limit is 10",
    );
    await alice.ask("/msg bob one", "<alice -> bob> one");
    await alice.ask("/msg bob two", "<alice -> bob> two");
    await alice.ask("/msg bob three", "! Slow down");
    clock.advance(2000);
    const backend = server.backend;
    const store = backend.storeDirect.bind(backend);
    backend.storeDirect = () => Promise.reject(new Error("disk on fire"));
    await alice.ask("/msg bob four", "! Message not sent: storage unavailable");
    backend.storeDirect = store;
    await alice.ask("/msg bob five", "<alice -> bob> five");
  } finally {
    await server.close();
  }
});
