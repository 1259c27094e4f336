import assert from "node:assert/strict";
import {
  frame,
  markerReaches,
  said,
  type ServerProcess,
  skipWithoutRedis,
  startRedisServer,
  startServerProcess,
  TelnetClient,
  until,
  type WsClient,
  wsLogin,
} from "./_support/mod.ts";
import { openRedisBackend } from "../lib/backends/redis.ts";

const ignore = await skipWithoutRedis();
const PRESENCE_TTL_S = 2;

/** N server processes on one throwaway, persistent Redis. */
async function cluster(n: number) {
  const redis = await startRedisServer({ persistent: true });
  assert.ok(redis, "redis-server is not installed");
  const args = [
    "--backend",
    "redis",
    "--redis-url",
    redis.url,
    "--presence-ttl",
    String(PRESENCE_TTL_S),
  ];
  const servers: ServerProcess[] = [];
  const telnets: TelnetClient[] = [];
  const sockets: WsClient[] = [];
  for (let i = 0; i < n; i++) servers.push(await startServerProcess(args));
  return {
    redis,
    servers,
    /** A registered telnet member on server `i`. */
    async telnet(i: number, name: string, register = true) {
      const c = await TelnetClient.atMenu(servers[i].telnetPort, telnets);
      const cmd = register
        ? `/register ${name} ${name}-password ${name}@x.io`
        : `/login ${name} ${name}-password`;
      await c.ask(cmd, `Welcome, ${name}`);
      return c;
    },
    /** A WebSocket member on server `i` (registered through telnet on the same server first when new). */
    async ws(i: number, name: string, register = true) {
      if (register) {
        const c = await this.telnet(i, name);
        await c.ask("/quit", "Bye");
      }
      const s = await wsLogin(servers[i].httpPort!, name, `${name}-password`);
      sockets.push(s);
      return s;
    },
    async close() {
      await Promise.all([
        ...telnets.map((c) => c.close()),
        ...sockets.map((s) => s.close()),
      ]);
      await Promise.all(servers.map((s) => s.stop()));
      await redis.close();
    },
  };
}

Deno.test({
  name:
    "cluster delivers between a telnet user on A and a browser socket on B, in the general chat and a channel",
  ignore,
  async fn() {
    const c = await cluster(2);
    try {
      const tom = await c.telnet(0, "tom");
      const wendy = await c.ws(1, "wendy");
      wendy.send({ type: "say", text: "hello from B" });
      await tom.expect("<wendy> hello from B");
      await tom.send("hello from A");
      await wendy.expect(said("hello from A"));

      await tom.ask("/create bridge", "Created #bridge");
      wendy.send({ type: "request_access", channel: "bridge" });
      await tom.expect("wendy asks to join #bridge");
      await tom.ask("/grant bridge wendy", "wendy may now use #bridge");
      await wendy.expect(
        frame("access_changed", { channel: "bridge", state: "granted" }),
      );
      await tom.ask("/join bridge", "You are in #bridge");
      wendy.send({ type: "say", channel: "bridge", text: "over the bridge" });
      await tom.expect("#bridge <wendy> over the bridge");
      await tom.send("and back");
      await wendy.expect((f) =>
        f.type === "message" && f.text === "and back" && f.channel === "bridge"
      );
    } finally {
      await c.close();
    }
  },
});

Deno.test({
  name: "cluster runs request on A, grant on B and join on C",
  ignore,
  async fn() {
    const c = await cluster(3);
    try {
      const owner = await c.telnet(1, "olga");
      await owner.ask("/create ring", "Created #ring");
      const guest = await c.telnet(0, "gus");
      await guest.ask("/request ring", "Asked for access");
      await owner.expect("gus asks to join #ring");
      await owner.ask("/grant ring gus", "gus may now use #ring");
      await guest.expect("You may now use #ring");
      const third = await c.telnet(2, "gus", false);
      await third.ask("/join ring", "You are in #ring");
      await owner.ask("/join ring", "You are in #ring");
      await third.send("made it");
      await owner.expect("#ring <gus> made it");
    } finally {
      await c.close();
    }
  },
});

Deno.test({
  name:
    "cluster shows presence across instances and drops a killed instance's users within the TTL",
  ignore,
  async fn() {
    const c = await cluster(2);
    try {
      const a = await c.telnet(0, "anna");
      await c.telnet(1, "bert");
      await a.ask("/who", "+ bert (online)");
      // kill -9: the instance cannot clean up after itself.
      await c.servers[1].stop("SIGKILL");
      await until(
        async () => {
          const from = a.text.length;
          await a.send("/who");
          await a.expect(/bert/, { from });
          return !a.text.slice(from).includes("+ bert (online)");
        },
        "bert goes offline within the TTL",
        {
          timeoutMs: (PRESENCE_TTL_S + 3) * 1000,
          intervalMs: 250,
        },
      );
      await a.ask("still chatting", "<anna> still chatting");
    } finally {
      await c.close();
    }
  },
});

Deno.test({
  name:
    "cluster survives a Redis restart: acknowledged messages kept, refused ones reported, delivery resumes",
  ignore,
  async fn() {
    const c = await cluster(2);
    try {
      const a = await c.telnet(0, "amy");
      const b = await c.ws(1, "ben");
      await a.send("before");
      await b.expect(said("before"));

      await c.redis.stop();
      await a.ask("during", "! Message not sent: storage unavailable");
      await c.redis.restart();

      const acked: string[] = [];
      await until(
        async () => {
          const from = a.text.length;
          const text = `after ${acked.length + 1}`;
          await a.send(text);
          const at = await a.expect(/<amy> after \d+|! Message not sent/, {
            from,
          });
          if (!a.text.startsWith("<amy>", at)) return false;
          acked.push(text);
          return true;
        },
        "storage is back after the Redis restart",
        { timeoutMs: 10_000, intervalMs: 200 },
      );
      // Pub/sub is at-most-once: until instance 1 has subscribed again, a
      // message reaches ben only through history. Then it arrives live.
      await until(
        async () => {
          const text = `live ${acked.length}`;
          await a.ask(text, `<amy> ${text}`);
          acked.push(text);
          return await b.expect(said(text), { timeoutMs: 1000 }).then(
            () => true,
            () => false,
          );
        },
        "live delivery to the other instance resumes",
        { timeoutMs: 10_000, intervalMs: 0 },
      );
      // Exactly what was acknowledged is stored, once.
      b.send({ type: "history", channel: null, limit: 50 });
      const history = await b.expect(frame("history"));
      const texts = (history.messages as { text: string }[]).map((m) => m.text);
      assert.deepEqual(texts, ["before", ...acked]);
    } finally {
      await c.close();
    }
  },
});

Deno.test({
  name: "cluster gives a reconnecting socket exactly the messages it missed",
  ignore,
  async fn() {
    const c = await cluster(2);
    try {
      const a = await c.telnet(0, "ada");
      const first = await c.ws(1, "bob");
      await a.send("seen 1");
      const seen = await first.expect(said("seen 1"));
      await first.close();
      for (let i = 1; i <= 3; i++) {
        await a.ask(`missed ${i}`, `<ada> missed ${i}`);
      }
      const again = await c.ws(0, "bob", false);
      again.send({ type: "history", channel: null, after: seen.id });
      const history = await again.expect(frame("history"));
      const texts = (history.messages as { text: string }[]).map((m) => m.text);
      assert.deepEqual(texts, ["missed 1", "missed 2", "missed 3"]);
      assert.equal(history.hasMore, false);
    } finally {
      await c.close();
    }
  },
});

Deno.test({
  name:
    "cluster shows a telnet user back on another instance exactly what they missed",
  ignore,
  async fn() {
    const c = await cluster(2);
    // Reads markers where the servers keep them (the default prefix).
    const store = await openRedisBackend({ url: c.redis.url });
    try {
      const bob = await c.telnet(0, "bob");
      const ada = await c.telnet(1, "ada");
      await ada.ask("seen", "<ada> seen");
      await bob.expect("<ada> seen");
      await bob.ask("/quit", "Bye");
      await markerReaches(store, { name: "bob", room: null, id: 1 });
      for (let i = 1; i <= 3; i++) {
        await ada.ask(`missed ${i}`, `<ada> missed ${i}`);
      }
      const back = await c.telnet(1, "bob", false);
      await back.expect("* 3 new messages since you were last here");
      const from = back.text.length;
      await back.ask("/history new", "<ada> missed 3");
      await back.ask("/history new", "* No new messages");
      const shown = back.text.slice(from).split(/\r?\n/)
        .filter((l) => l.includes("<ada>"))
        .map((l) => l.replace(/^.*?> /, ""));
      assert.deepEqual(shown, ["missed 1", "missed 2", "missed 3"]);
    } finally {
      await store.close();
      await c.close();
    }
  },
});

Deno.test({
  name:
    "cluster: an owner on A removes a member on B, who is moved out at once and gets no more of the channel",
  ignore,
  async fn() {
    const c = await cluster(2);
    try {
      const olga = await c.telnet(0, "olga");
      await olga.ask("/create club", "Created #club");
      const bob = await c.ws(1, "bob");
      bob.send({ type: "request_access", channel: "club" });
      await olga.expect("bob asks to join #club");
      await olga.ask("/grant club bob", "bob may now use #club");
      await bob.expect(frame("access_changed", { state: "granted" }));
      bob.send({ type: "join", channel: "club" });
      await bob.expect(frame("room", { channel: "club" }));
      await olga.ask("/join club", "You are in #club");
      await olga.send("before");
      await bob.expect(said("before"));

      await olga.ask("/remove club bob", "* Removed bob from #club");
      await bob.expect(
        frame("access_lost", {
          channel: "club",
          by: "olga",
          reason: "removed",
        }),
      );
      await bob.expect(frame("room", { channel: null }));
      await olga.ask("after the removal", "<olga> after the removal");
      await olga.ask("/leave", "You are in the general chat");
      await olga.send("sync point");
      await bob.expect(said("sync point"));
      assert.ok(!bob.frames.some((f) => f.text === "after the removal"));
      bob.send({ type: "say", channel: "club", text: "let me in", ref: 1 });
      await bob.expect(frame("error", { code: "forbidden", ref: 1 }));
    } finally {
      await c.close();
    }
  },
});

Deno.test({
  name:
    "cluster delivers a direct message to every connection of both participants on both instances",
  ignore,
  async fn() {
    const c = await cluster(2);
    try {
      const alice = await c.telnet(0, "alice");
      const aliceOnB = await c.telnet(1, "alice", false);
      const bobOnB = await c.ws(1, "bob");
      const bobOnA = await c.telnet(0, "bob", false);
      const carl = await c.telnet(1, "carl");
      await alice.ask("/msg bob across instances", "<alice -> bob> across");
      await aliceOnB.expect("<alice -> bob> across instances");
      await bobOnA.expect("<alice -> bob> across instances");
      await bobOnB.expect(
        frame("direct", { sender: "alice", text: "across instances" }),
      );
      bobOnB.send({ type: "msg", to: "alice", text: "and back" });
      for (const a of [alice, aliceOnB]) {
        await a.expect("<bob -> alice> and back");
      }
      await alice.send("sync point");
      await carl.expect("<alice> sync point");
      assert.ok(!carl.text.includes("across instances"));
      // Shown live (telnet), so no summary at bob's next login anywhere.
      const bobAgain = await c.telnet(1, "bob", false);
      await bobAgain.ask("/who", "Participants");
      assert.ok(!bobAgain.text.includes("new direct message"));
    } finally {
      await c.close();
    }
  },
});
