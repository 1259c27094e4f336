import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ChatError,
  EXISTING_NAME,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGE_LINES,
  MIN_PASSWORD_LENGTH,
  validateChannelName,
  validateEmail,
  validateMessageText,
  validateName,
  validatePassword,
} from "../lib/chat/mod.ts";

function refuses(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e) => e instanceof ChatError && message.test(e.message));
}

Deno.test("validateName accepts 3 to 32 letters, digits, _ and -", () => {
  assert.equal(validateName("abc"), "abc");
  assert.equal(validateName("A_b-9".padEnd(32, "x")), "A_b-9".padEnd(32, "x"));
  refuses(() => validateName("ab"), /3 to 32 characters/);
  refuses(() => validateName("x".repeat(33)), /3 to 32 characters/);
  for (
    const bad of [
      "a b c",
      "a:bc",
      "a/bc",
      "a#bc",
      "ab\u0000c",
      "аbc", /* Cyrillic а */
      "ab.c",
    ]
  ) {
    refuses(() => validateName(bad), /only letters, digits/);
  }
});

Deno.test("validateChannelName takes an optional # and the name rule", () => {
  assert.equal(validateChannelName("#club"), "club");
  assert.equal(validateChannelName("club"), "club");
  refuses(() => validateChannelName("#c:b:x"), /Channel name may use only/);
  refuses(() => validateChannelName("../../x"), /Channel name may use only/);
});

Deno.test("validateEmail wants one @ and a dotted domain", () => {
  assert.equal(validateEmail(" a@b.io "), "a@b.io");
  for (
    const bad of [
      "",
      "a",
      "a@b",
      "@b.io",
      "a@@b.io",
      "a b@c.io",
      `${"a".repeat(250)}@b.io`,
    ]
  ) {
    refuses(() => validateEmail(bad), /Email address looks invalid/);
  }
});

Deno.test("validateMessageText refuses empty and over-long text without truncating", () => {
  refuses(() => validateMessageText(""), /Message is empty/);
  refuses(() => validateMessageText("  \t "), /Message is empty/);
  const max = "é".repeat(MAX_MESSAGE_BYTES / 2);
  assert.equal(validateMessageText(max), max);
  refuses(
    () => validateMessageText(max + "x"),
    /4097 bytes; the limit is 4096/,
  );
  refuses(() => validateMessageText("bad \ud800 half"), /not valid UTF-8/);
});

Deno.test("validateMessageText strips control characters and ANSI escapes' ESC", () => {
  assert.equal(
    validateMessageText("a\u0000b\u0007c\u001b[31mred\u009b"),
    "abc[31mred",
  );
  assert.equal(validateMessageText("tab\there"), "tab here");
});

Deno.test("validateMessageText keeps lines: CRLF and CR become LF, blank edges go", () => {
  assert.equal(
    validateMessageText("one\r\ntwo\rthree\nfour"),
    "one\ntwo\nthree\nfour",
  );
  assert.equal(validateMessageText("\n\n  indented\n\n"), "  indented");
  assert.equal(validateMessageText("a\n\nb"), "a\n\nb");
  const many = Array.from({ length: MAX_MESSAGE_LINES + 1 }, (_, i) => i).join(
    "\n",
  );
  refuses(() => validateMessageText(many), /41 lines; the limit is 40/);
});

Deno.test("validateMessageText never returns control characters or more than the limit", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 5000 }), (text) => {
      try {
        const clean = validateMessageText(text);
        // Line feed is the one control kept (lines of a message).
        // deno-lint-ignore no-control-regex
        assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(clean));
        assert.ok(clean.split("\n").length <= MAX_MESSAGE_LINES);
        assert.ok(new TextEncoder().encode(clean).length <= MAX_MESSAGE_BYTES);
        assert.ok(clean.trim().length > 0);
      } catch (e) {
        assert.ok(e instanceof ChatError);
      }
    }),
  );
});

Deno.test("validateName accepts exactly the documented alphabet", () => {
  fc.assert(fc.property(fc.string({ maxLength: 40 }), (name) => {
    const ok = /^[A-Za-z0-9_-]{3,32}$/.test(name);
    try {
      validateName(name);
      assert.ok(ok);
    } catch (e) {
      assert.ok(e instanceof ChatError && !ok);
    }
  }));
});

Deno.test("validateName follows a configured rule, never past 64", () => {
  assert.equal(validateName("ab", { minLength: 2 }), "ab");
  refuses(
    () => validateName("abcdefghi", { maxLength: 8 }),
    /3 to 8 characters/,
  );
  refuses(
    () => validateName("x".repeat(65), { maxLength: 100 }),
    /3 to 64 characters/,
  );
  assert.equal(
    validateChannelName("#" + "c".repeat(64), EXISTING_NAME),
    "c".repeat(64),
  );
});

Deno.test("validatePassword refuses fewer than 8 characters, counting code points", () => {
  assert.equal(MIN_PASSWORD_LENGTH, 8);
  refuses(() => validatePassword("1234567"), /at least 8 characters/);
  refuses(() => validatePassword(""), /at least 8 characters/);
  // Four emoji are eight UTF-16 units but four characters.
  refuses(() => validatePassword("🔑🔑🔑🔑"), /at least 8 characters/);
  assert.equal(validatePassword("12345678"), "12345678");
  refuses(() => validatePassword("x".repeat(1025)), /longer than 1024/);
});

Deno.test("validation errors name the field they are about", () => {
  const fieldOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as ChatError).field;
    }
  };
  assert.equal(fieldOf(() => validateName("a")), "name");
  assert.equal(fieldOf(() => validateChannelName("a b")), "channel");
  assert.equal(fieldOf(() => validateEmail("nope")), "email");
  assert.equal(fieldOf(() => validatePassword("short")), "password");
});
