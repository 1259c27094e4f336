import assert from "node:assert/strict";
import { startServer, type TelnetClient } from "./_support/mod.ts";
import { displayWidth } from "../lib/telnet/wrap.ts";

const IAC = 0xff;

/** The text lines received after `from`, without negotiation bytes. */
function linesAfter(client: TelnetClient, from: number): string[] {
  const bytes = [...client.bytes.subarray(from)];
  const clean: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === IAC && bytes[i + 1] !== IAC) i += 2;
    else clean.push(bytes[i]);
  }
  return new TextDecoder().decode(Uint8Array.from(clean)).split("\r\n");
}

Deno.test("telnet wraps /help, /who, /channels and the menus to the NAWS width", async () => {
  const server = await startServer();
  try {
    const c = await server.member("narrow-terminal-user");
    for (const name of ["a-rather-long-channel-name-here", "attic"]) {
      await c.ask(`/create ${name}`, `Created #${name}`);
    }
    // What the telnet program sends for a 40-column window.
    await c.sendBytes(Uint8Array.of(IAC, 0xfb, 31));
    await c.sendBytes(Uint8Array.of(IAC, 0xfa, 31, 0, 40, 0, 24, IAC, 0xf0));
    const commands: [string, string][] = [
      ["/help", "/menu"],
      ["/who", "(online)"],
      ["/channels", "#attic"],
      ["/menu", "Choice:"],
      ["8", ""],
    ];
    for (const [command, last] of commands) {
      const from = c.bytes.length;
      await c.ask(command, last);
      const lines = linesAfter(c, from);
      for (const line of lines) {
        assert.ok(displayWidth(line) <= 40, `${command}: "${line}"`);
      }
    }
    // The help table wrapped rather than cut: every command is still there.
    const from = c.bytes.length;
    await c.ask("/help", "/menu");
    const help = linesAfter(c, from).join("\n");
    for (const usage of ["/register", "/slow <channel> <seconds>", "/quit"]) {
      assert.ok(help.includes(usage), usage);
    }
    // Chat lines are not wrapped: they are encoded once for every reader.
    const long = "word ".repeat(20).trim();
    await c.ask(long, `<narrow-terminal-user> ${long}\r\n`);
  } finally {
    await server.close();
  }
});

Deno.test("telnet lays out /help for 80 columns when the client does not say", async () => {
  const server = await startServer();
  try {
    const c = await server.client();
    const from = c.bytes.length;
    await c.ask("/help", "/menu");
    const lines = linesAfter(c, from).filter((l) => l.startsWith("  /"));
    assert.ok(lines.every((l) => displayWidth(l) <= 80));
    const column = lines[0].indexOf("create an account");
    const menu = lines.find((l) => l.startsWith("  /menu"))!;
    assert.equal(menu.indexOf("show numbered choices"), column);
  } finally {
    await server.close();
  }
});
