/**
 * The say path in process, without sockets: validate, flood check, the
 * membership bound (a channel), store in memory, publish, fan out to 50
 * recording connections. What a transport adds is measured by
 * `deno task bench`; this isolates the core's share, so a change to the say
 * path (e.g. revocable access) shows here first.
 * Run: `deno bench -A bench/say_bench.ts`.
 *
 * @module
 */
import { MemoryBackend } from "../lib/backends/memory.ts";
import { type ChatEvent, Session } from "../lib/chat/mod.ts";

const MEMBERS = 50;

const session = new Session(new MemoryBackend(), {
  pbkdf2Iterations: 1_000,
  idleTimeoutMs: 0,
  limits: { msgRate: 0 },
});
let delivered = 0;
const sink = {
  send(_event: ChatEvent) {
    delivered++;
  },
  close() {},
};
const conns = [];
for (let i = 0; i < MEMBERS; i++) {
  const name = `member${i}`;
  await session.register(name, "password", `${name}@example.org`);
  const conn = session.connect(sink, { transport: "bench" });
  await conn.login(name, "password");
  conns.push(conn);
}
const [owner, ...others] = conns;
await owner.createChannel("room");
for (const conn of others) {
  await conn.requests.ask("room");
  await owner.requests.grant("room", conn.name!);
}
const general = session.connect(sink, { transport: "bench" });
await session.register("speaker", "password", "speaker@example.org");
await general.login("speaker", "password");
for (const conn of conns) await conn.join("room");

Deno.bench({
  name: `say in a channel of ${MEMBERS}`,
  group: "say",
  baseline: true,
  async fn() {
    await owner.say("hello, channel");
  },
});

Deno.bench({
  name: `say by a member in a channel of ${MEMBERS}`,
  group: "say",
  async fn() {
    await others[0].say("hello from a member");
  },
});

Deno.bench({
  name: "say in the general chat (1 listener)",
  group: "say",
  async fn() {
    await general.say("hello, general");
  },
});

globalThis.addEventListener("unload", () => {
  if (delivered === 0) throw new Error("nothing was delivered");
  session.close();
});
