import assert from "node:assert/strict";
import { displayWidth, wrapLine } from "../lib/telnet/wrap.ts";
import { helpLines } from "../lib/telnet/commands.ts";

Deno.test("displayWidth counts wide characters twice and combining marks not at all", () => {
  assert.equal(displayWidth("abc"), 3);
  assert.equal(displayWidth("中文"), 4);
  assert.equal(displayWidth("у ё ✓"), 5);
  assert.equal(displayWidth("e\u0301"), 1);
  assert.equal(displayWidth("👋"), 2);
});

Deno.test("wrapLine keeps short lines and wraps long ones at spaces, indented", () => {
  assert.deepEqual(wrapLine("short", 80), ["short"]);
  assert.deepEqual(
    wrapLine("* Type a line to talk; /help lists commands, /menu shows", 30),
    ["* Type a line to talk; /help", "  lists commands, /menu shows"],
  );
  assert.deepEqual(wrapLine("  + someone (online)", 14), [
    "  + someone",
    "    (online)",
  ]);
  // A word longer than the width is cut, never dropped.
  assert.deepEqual(wrapLine("x " + "y".repeat(25), 10), [
    "x",
    "  yyyyyyyy",
    "  yyyyyyyy",
    "  yyyyyyyy",
    "  y",
  ]);
  // Wide characters are measured by their columns.
  assert.deepEqual(wrapLine("中文中文 中文中文", 10), [
    "中文中文",
    "  中文中文",
  ]);
  for (const width of [20, 33, 47, 80]) {
    const text = "* " + "lorem ipsum dolor sit amet ".repeat(9);
    const parts = wrapLine(text, width);
    assert.ok(parts.every((p) => displayWidth(p) <= width), `width ${width}`);
    assert.equal(
      parts.map((p) => p.trim()).join(" "),
      text.trim(),
      `width ${width}: nothing lost`,
    );
  }
});

Deno.test("helpLines fits any width and aligns /menu with the other commands", () => {
  const menu: [string, string][] = [["/menu", "show numbered choices"]];
  for (const width of [20, 40, 60, 80, 100, 200]) {
    const lines = helpLines(width, menu);
    for (const line of lines) {
      assert.ok(displayWidth(line) <= width, `${width}: "${line}"`);
    }
    assert.ok(lines.some((l) => l.includes("/menu")));
  }
  // Wide enough: one table, every description in the same column.
  const wide = helpLines(80, menu).slice(1);
  const column = wide[0].indexOf("create an account");
  const menuLine = wide.find((l) => l.includes("/menu"))!;
  assert.equal(menuLine.indexOf("show numbered choices"), column);
  for (const line of wide) {
    assert.ok(
      line.startsWith("  /") || line.slice(0, column).trim() === "",
      `"${line}"`,
    );
  }
  // The slow-mode text is long: it wraps under its own column at 80.
  const slow = wide.findIndex((l) => l.includes("/slow"));
  assert.equal(wide[slow + 1].slice(0, column).trim(), "");
  // Too narrow for two columns: each description under its usage.
  const narrow = helpLines(40, menu);
  const login = narrow.indexOf("  /login <name> <password>");
  assert.equal(narrow[login + 1], "      log in");
});
