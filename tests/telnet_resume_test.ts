import assert from "node:assert/strict";
import {
  markerReaches,
  startServer,
  type TelnetClient,
  type TestServer,
} from "./_support/mod.ts";

/** The output of `line`, complete: a `/who` after it marks where it ends. */
async function outputOf(
  c: TelnetClient,
  line: string,
  pattern: string | RegExp,
): Promise<string> {
  const from = c.text.length;
  await c.ask(line, pattern);
  const fence = c.text.length;
  await c.ask("/who", "* Participants");
  const end = c.text.indexOf("* Participants", fence);
  return c.text.slice(from, end);
}

function lines(text: string, pattern: RegExp): string[] {
  return text.split(/\r?\n/).filter((l) => pattern.test(l));
}

// The texts of the chat lines in `output`, in order.
function texts(output: string): string[] {
  return lines(output, /^\[\d\d:\d\d\] /).map((l) => l.replace(/^.*?> /, ""));
}

async function login(server: TestServer, name: string, expected: string) {
  const c = await server.client();
  await c.ask(`/login ${name} ${name}-password`, expected);
  return c;
}

Deno.test("telnet shows a returning participant exactly what they missed", async () => {
  const server = await startServer();
  const { backend } = server;
  try {
    const alice = await server.member("alice");
    const bob = await server.member("bob");
    await alice.ask("seen by bob", "<alice> seen by bob");
    await bob.expect("<alice> seen by bob");
    await bob.ask("hi alice", "<bob> hi alice");
    await bob.ask("/quit", "* Bye");
    await bob.expectClosed();
    await markerReaches(backend, { name: "bob", room: null, id: 2 });

    for (let i = 1; i <= 3; i++) {
      await alice.ask(`missed ${i}`, `<alice> missed ${i}`);
    }
    const again = await login(
      server,
      "bob",
      "* 3 new messages since you were last here; /history new shows them",
    );
    // Said while bob is back: it reaches him live, so it is not "missed".
    await alice.ask("live", "<alice> live");
    await again.expect("<alice> live");

    const first = await outputOf(again, "/history new", "<alice> missed 3");
    assert.match(first, /\* 3 new messages in the general chat:/);
    assert.deepEqual(texts(first), ["missed 1", "missed 2", "missed 3"]);
    assert.doesNotMatch(first, /seen by bob|hi alice|live|more:/);

    const second = await outputOf(
      again,
      "/history new",
      "* No new messages in the general chat",
    );
    assert.deepEqual(texts(second), []);
    // Plain /history is unchanged.
    await again.ask("/history 2", "* Last 2 messages in the general chat:");
  } finally {
    await server.close();
  }
});

Deno.test("telnet catches up in a channel after /join", async () => {
  const server = await startServer();
  const { backend } = server;
  try {
    const olga = await server.member("olga");
    const gus = await server.member("gus");
    await olga.ask("/create club", "Created #club");
    await gus.ask("/request club", "Asked for access");
    await olga.ask("/grant club gus", "gus may now use #club");
    await olga.ask("/join club", "You are in #club");
    await gus.ask("/join club", "You are in #club");
    // Nothing was missed, so no notice.
    assert.doesNotMatch(gus.text, /new messages? since/);
    await olga.ask("club 0", "<olga> club 0");
    await gus.expect("<olga> club 0");
    await gus.ask("/leave", "You are in the general chat");
    await markerReaches(backend, { name: "gus", room: "club", id: 1 });

    await olga.ask("club 1", "<olga> club 1");
    await olga.ask("club 2", "<olga> club 2");
    // The general chat has nothing new for gus: no notice there either.
    const from = gus.text.length;
    await gus.ask(
      "/join club",
      "* 2 new messages since you were last here; /history new shows them",
    );
    const shown = await outputOf(gus, "/history new", "<olga> club 2");
    assert.match(shown, /\* 2 new messages in #club:/);
    assert.equal(lines(shown, /<olga> club \d$/).length, 2);
    assert.doesNotMatch(shown, /club 0/);
    await gus.ask("/history new", "* No new messages in #club");
    assert.equal(gus.text.slice(from).match(/club 1/g)?.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("telnet pages a long absence without gaps or duplicates", async () => {
  const server = await startServer();
  const { backend } = server;
  try {
    const bob = await server.member("bob");
    await bob.ask("/quit", "* Bye");
    await bob.expectClosed();
    const total = 205;
    for (let i = 1; i <= total; i++) {
      await backend.storeMessage({
        sender: "ann",
        sentAt: Date.now(),
        text: `n${i}`,
        channel: null,
      });
    }
    const again = await login(server, "bob", "* 200+ new messages since");
    const first = await outputOf(again, "/history new", "…more: /history new");
    const second = await outputOf(again, "/history new", "<ann> n205");
    const third = await outputOf(again, "/history new", "* No new messages");
    const seen = [first, second, third].flatMap((out) =>
      lines(out, /<ann> n\d+$/).map((l) => Number(l.split(" n").at(-1)))
    );
    assert.deepEqual(seen, Array.from({ length: total }, (_, i) => i + 1));
    assert.match(second, /\* 5 new messages in the general chat:/);
    assert.doesNotMatch(second, /more:/);
  } finally {
    await server.close();
  }
});
