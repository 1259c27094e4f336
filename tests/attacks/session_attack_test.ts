/**
 * Issue 13 items 7 and 9 against a real server: forged log lines through
 * login names, and sign-ins that must end when their owner logs out.
 *
 * @module
 */
import assert from "node:assert/strict";
import { HAS_UNSAFE } from "../../lib/log_escape.ts";
import { createLogger } from "../../lib/log.ts";
import {
  assertBystanderChats,
  frame,
  startServer,
  WsClient,
} from "../_support/mod.ts";
import {
  assertBystander,
  ATTACKER,
  cookieOf,
  COUNTED,
  formFrom,
  httpFrom,
  loginFrom,
  RawClient,
} from "./_from.ts";

Deno.test("attack 7: names that would forge log lines are refused before they are logged, in parallel, on HTTP and telnet", async () => {
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line) });
  const server = await startServer({ limits: COUNTED, logger });
  let telnet: RawClient | undefined;
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const forged = [
      "x\n2026-01-01T00:00:00.000Z info login name=admin",
      "x\x1b[2J\x1b]0;owned\x07",
      "x\r\x9b31m",
    ];
    const replies = await Promise.all(
      forged.map((name) => loginFrom(ATTACKER, server, name, "x")),
    );
    assert.deepEqual(replies.map((r) => r.status), [400, 400, 400]);
    telnet = await RawClient.connect(ATTACKER, server.port);
    await telnet.expect("Type a number");
    telnet.write("/login ad\x1b]0;x\x07min pw\r\n");
    await telnet.expect("! Name may use only letters, digits, _ and -");
    await assertBystander(server, { name: "alice", withinMs: 2000 });
    await assertBystanderChats(server, bob, "bob chats through attack 7");
    assert.ok(lines.every((l) => !HAS_UNSAFE.test(l)), lines.join("\n"));
    assert.ok(!lines.some((l) => / login .*name=admin/.test(l)));
    assert.ok(!lines.some((l) => l.includes("auth_failed")), "never counted");
  } finally {
    await telnet?.close();
    await server.close();
  }
});

Deno.test("attack 9: a cookie saved before logout reads nothing after it, and its socket is refused", async () => {
  const server = await startServer({ limits: COUNTED });
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    const saved = cookieOf(
      await formFrom(ATTACKER, server, "/login", {
        name: "alice",
        password: "alice-password",
      }),
    );
    const history = (cookie: string) =>
      httpFrom(ATTACKER, `${server.httpBase}/api/history`, {
        headers: { cookie },
      });
    assert.equal((await history(saved)).status, 200);
    const live = await WsClient.open(
      `ws://127.0.0.1:${new URL(server.httpBase).port}/ws`,
      {
        headers: { cookie: saved },
      },
    );
    await live.expect(frame("hello", { name: "alice" }));
    assert.equal(
      (await formFrom(ATTACKER, server, "/logout", {}, saved)).status,
      303,
    );
    // The live socket gets nothing more: the next event brings its
    // refusal instead, then the close. The saved cookie is dead.
    await bob.ask("said after the logout", "> said after the logout");
    await live.expect(frame("error", { code: "unauthorized" }));
    assert.equal((await live.closed).code, 1011);
    assert.ok(!live.frames.some((f) => f.text === "said after the logout"));
    const again = await Promise.all(
      Array.from({ length: 5 }, () => history(saved)),
    );
    assert.deepEqual(again.map((r) => r.status), [401, 401, 401, 401, 401]);
    const reopened = await WsClient.open(
      `ws://127.0.0.1:${new URL(server.httpBase).port}/ws`,
      {
        headers: { cookie: saved },
      },
    );
    await reopened.expect(frame("error", { code: "unauthorized" }));
    assert.equal((await reopened.closed).code, 1011);
    await assertBystander(server, { name: "alice", withinMs: 2000 });
    await assertBystanderChats(server, bob, "bob chats through attack 9");
  } finally {
    await server.close();
  }
});

Deno.test("attack 9: log out everywhere ends every sign-in of the participant and leaves others", async () => {
  const server = await startServer({ limits: COUNTED });
  try {
    const bob = await server.member("bob");
    await server.session.register("alice", "alice-password", "a@example.com");
    await server.session.register("carl", "carl-password", "c@example.com");
    const signIn = (name: string) =>
      formFrom(ATTACKER, server, "/login", {
        name,
        password: `${name}-password`,
      })
        .then(cookieOf);
    const [laptop, phone, carls] = await Promise.all([
      signIn("alice"),
      signIn("alice"),
      signIn("carl"),
    ]);
    const token = JSON.parse(
      (await loginFrom(ATTACKER, server, "alice", "alice-password")).body,
    )
      .token;
    const status = (headers: Record<string, string>) =>
      httpFrom(ATTACKER, `${server.httpBase}/api/history`, { headers }).then((
        r,
      ) => r.status);
    const out = await httpFrom(
      ATTACKER,
      `${server.httpBase}/logout?everywhere=1`,
      {
        method: "POST",
        headers: { origin: server.httpBase, cookie: laptop },
      },
    );
    assert.equal(out.status, 303);
    assert.deepEqual(
      await Promise.all([
        status({ cookie: laptop }),
        status({ cookie: phone }),
        status({ authorization: `Bearer ${token}` }),
        status({ cookie: carls }),
      ]),
      [401, 401, 401, 200],
    );
    await assertBystanderChats(
      server,
      bob,
      "bob chats after log out everywhere",
    );
  } finally {
    await server.close();
  }
});
