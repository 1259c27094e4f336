import assert from "node:assert/strict";
import { MemoryBackend } from "../lib/backends/memory.ts";
import { Session } from "../lib/chat/mod.ts";
import { TelnetDialog, type Terminal } from "../lib/telnet/dialog.ts";
import { TEST_ITERATIONS } from "./conformance.ts";
import { FakeSink } from "./_support/mod.ts";

function setup() {
  const session = new Session(new MemoryBackend(), {
    idleTimeoutMs: 0,
    pbkdf2Iterations: TEST_ITERATIONS,
  });
  const out: string[] = [];
  const secrets: boolean[] = [];
  let closed = false;
  const term: Terminal = {
    width: 80,
    print: (...lines) => out.push(...lines),
    prompt: (text, { secret = false } = {}) => {
      out.push(text);
      secrets.push(secret);
    },
    close: () => closed = true,
  };
  const conn = session.connect(new FakeSink(), { transport: "test" });
  const dialog = new TelnetDialog(session, conn, term);
  dialog.start();
  return { session, conn, dialog, out, secrets, isClosed: () => closed };
}

Deno.test("TelnetDialog walks a newcomer from the menu through registration into chat", async () => {
  const { session, conn, dialog, out, secrets } = setup();
  assert.equal(dialog.state, "menu");
  await dialog.handle("2");
  assert.equal(dialog.state, "register_name");
  await dialog.handle("x");
  assert.ok(out.at(-2)?.startsWith("! Name must be 3 to 32"));
  assert.equal(dialog.state, "register_name");
  await dialog.handle("newbie");
  assert.ok(out.includes("Choose a password of at least 8 characters."));
  assert.equal(dialog.state, "register_password");
  assert.equal(secrets.at(-1), true);
  await dialog.handle("pw1");
  assert.ok(out.includes("! Password must be at least 8 characters long"));
  assert.equal(dialog.state, "register_password", "too short asks again");
  await dialog.handle("password-1");
  assert.equal(dialog.state, "register_repeat");
  await dialog.handle("password-2");
  assert.equal(dialog.state, "register_password", "mismatch asks again");
  await dialog.handle("password-1");
  await dialog.handle("password-1");
  assert.equal(dialog.state, "register_email");
  await dialog.handle("newbie@x.io");
  assert.equal(dialog.state, "chat");
  assert.equal(conn.name, "newbie");
  await dialog.handle("hello");
  assert.deepEqual(
    (await session.history("newbie", { channel: null })).messages.map((m) =>
      m.text
    ),
    ["hello"],
  );
  session.close();
});

Deno.test("TelnetDialog logs in through the menu and refuses a wrong password", async () => {
  const { session, dialog, out } = setup();
  await session.register("known", "right-password", "k@x.io");
  await dialog.handle("1");
  await dialog.handle("known");
  assert.equal(dialog.state, "login_password");
  await dialog.handle("wrong");
  assert.ok(out.includes("! Wrong name or password"));
  assert.equal(dialog.state, "menu");
  await dialog.handle("1");
  await dialog.handle("known");
  await dialog.handle("right-password");
  assert.equal(dialog.state, "chat");
  session.close();
});

Deno.test("TelnetDialog runs channel actions from the chat menu", async () => {
  const { session, conn, dialog, out } = setup();
  await dialog.handle("/register maker maker-password m@x.io");
  await dialog.handle("/menu");
  assert.equal(dialog.state, "chat_menu");
  await dialog.handle("1");
  assert.equal(dialog.state, "create_channel");
  await dialog.handle("forge");
  assert.ok(out.some((l) => l.startsWith("* Created #forge")));
  await dialog.handle("/menu");
  await dialog.handle("2");
  await dialog.handle("forge");
  assert.equal(conn.room, "forge");
  await dialog.handle("/menu");
  await dialog.handle("9");
  assert.ok(out.includes("! Type a number from 1 to 8"));
  assert.equal(dialog.state, "chat_menu");
  await dialog.handle("7");
  assert.equal(conn.room, null);
  assert.equal(dialog.state, "chat");
  session.close();
});

Deno.test("TelnetDialog answers /help in every state and rejects unknown commands", async () => {
  const { session, dialog, out, isClosed } = setup();
  await dialog.handle("/help");
  assert.ok(out.some((l) => l.includes("/register <name> <password> <email>")));
  assert.equal(dialog.state, "menu");
  await dialog.handle("2");
  await dialog.handle("/help");
  assert.equal(dialog.state, "register_name");
  await dialog.handle("/frobnicate");
  assert.ok(out.includes("! Unknown command /frobnicate; /help lists them"));
  await dialog.handle("/login onlyname");
  assert.ok(out.includes("! Usage: /login <name> <password>"));
  await dialog.handle("/create club");
  assert.ok(out.includes("! Log in first"));
  assert.equal(
    dialog.state,
    "register_name",
    "a failed command keeps the question open",
  );
  await dialog.handle("/menu");
  await dialog.handle("3");
  assert.equal(isClosed(), true);
  session.close();
});

Deno.test("TelnetDialog takes an interrupt as cancel: back to the menu, or to the chat", async () => {
  const { session, dialog, out } = setup();
  await dialog.handle("2");
  await dialog.handle("cancelme");
  assert.equal(dialog.state, "register_password");
  const before = out.length;
  dialog.interrupt();
  assert.equal(dialog.state, "menu");
  assert.ok(out.slice(before).includes("  2) Register"));
  // The next line is a menu choice again, not a password.
  await dialog.handle("1");
  assert.equal(dialog.state, "login_name");
  await dialog.handle("/register kept kept-password k@x.io");
  await dialog.handle("/menu");
  assert.equal(dialog.state, "chat_menu");
  dialog.interrupt();
  assert.equal(dialog.state, "chat");
  dialog.interrupt();
  assert.equal(dialog.state, "chat");
  session.close();
});
