/**
 * The stock Debian `telnet` in a real pseudo-terminal (tmux) against the
 * server: what a new user types is what everyone reads.
 */
import assert from "node:assert/strict";
import {
  skipWithout,
  startServer,
  TMUX_AND_TELNET,
  TmuxTerminal,
} from "./_support/mod.ts";

const ignore = await skipWithout(TMUX_AND_TELNET);

/** Answers each prompt once it shows. */
async function answer(term: TmuxTerminal, steps: [string, string][]) {
  for (const [prompt, reply] of steps) {
    await term.waitFor(prompt);
    await term.line(reply);
  }
}
const UTF8_LINE = "utf8 check ✓ у ё 中文 ok";

Deno.test({
  name:
    "real telnet sends UTF-8 untouched: echoed to its terminal and to others byte for byte",
  ignore,
  async fn() {
    const server = await startServer();
    const term = await TmuxTerminal.start(`telnet 127.0.0.1 ${server.port}`);
    try {
      const bob = await server.member("bob");
      await term.waitFor("Type a number");
      await term.line("/register carol pw-carol carol@example.com");
      await term.waitFor("Welcome, carol");
      await term.line(UTF8_LINE);
      // The server's line, whole and at the left edge of its own row.
      const screen = await term.waitFor(`<carol> ${UTF8_LINE}`);
      assert.match(
        screen,
        new RegExp(`^\\[\\d\\d:\\d\\d\\] <carol> ${UTF8_LINE}$`, "m"),
      );
      assert.doesNotMatch(screen, /^! /m, screen);
      // Another participant receives exactly those bytes.
      const sent = new TextEncoder().encode(`<carol> ${UTF8_LINE}\r\n`);
      await bob.expectBytes([...sent]);
      const history = await server.backend.getChatHistory();
      assert.deepEqual(history.messages.map((m) => m.text), [UTF8_LINE]);
    } finally {
      await term.close();
      await server.close();
    }
  },
});

Deno.test({
  name:
    "real telnet does not show a password, in line mode and in character mode",
  ignore,
  async fn() {
    const server = await startServer();
    const terms: TmuxTerminal[] = [];
    const open = async () => {
      const term = await TmuxTerminal.start(`telnet 127.0.0.1 ${server.port}`);
      terms.push(term);
      await term.waitFor("Type a number");
      return term;
    };
    try {
      const watcher = await server.member("watcher");
      // Line mode, the client's default: registering through the menu.
      const line = await open();
      await line.line("2");
      await answer(line, [
        ["Name:", "dave"],
        ["Password:", "hunter2-secret"],
        ["Repeat password:", "hunter2-secret"],
        ["Email:", "dave@example.com"],
      ]);
      const registered = await line.waitFor("Welcome, dave");
      assert.doesNotMatch(registered, /hunter2/, registered);
      // Echo is back on for chat: the typed line shows, then the server's.
      await line.line("after the password");
      const chatting = await line.waitFor("<dave> after the password");
      assert.match(chatting, /^after the password$/m, chatting);

      // Character mode (telnet's `mode character`): every key goes to the
      // server as typed, and the server echoes.
      const chars = await open();
      await chars.press("C-]");
      await chars.waitFor("telnet>");
      await chars.line("mode character");
      await chars.line("1");
      await answer(chars, [["Name:", "dave"], ["Password:", "hunter2-secret"]]);
      const loggedIn = await chars.waitFor("Welcome, dave");
      assert.doesNotMatch(loggedIn, /hunter2/, loggedIn);
      // Backspace works, and nothing is sent before Enter.
      await chars.type("hellx");
      await chars.press("BSpace");
      await chars.type("o wörld 中x");
      await chars.press("BSpace");
      await chars.press("Enter");
      await chars.waitFor("<dave> hello wörld 中");
      await watcher.expect("<dave> hello wörld 中\r\n");
      const history = await server.backend.getChatHistory();
      assert.deepEqual(history.messages.map((m) => m.text), [
        "after the password",
        "hello wörld 中",
      ]);
    } finally {
      for (const term of terms) await term.close();
      await server.close();
    }
  },
});
