/**
 * Input validation on the hot path: every message line passes
 * `validateMessageText`, every registration the name and email checks.
 * Run: `deno bench bench/validation_bench.ts`.
 *
 * @module
 */
import {
  MAX_MESSAGE_BYTES,
  validateEmail,
  validateMessageText,
  validateName,
} from "../lib/chat/mod.ts";

const chat = "the quick brown fox jumps over the lazy dog, again and again";
const unicode = "Grüße aus Köln 🎉 — 東京からこんにちは, ça va? ".repeat(2);
const withControls = "bell\u0007 tab\t escape\u001b[31m red\u001b[0m done";
// Just under the byte limit, so the full UTF-8 length check runs.
const longest = "x".repeat(MAX_MESSAGE_BYTES - 1);

Deno.bench({
  name: "60-byte ASCII line",
  group: "validateMessageText",
  baseline: true,
  fn: () => void validateMessageText(chat),
});
Deno.bench({
  name: "unicode line with emoji",
  group: "validateMessageText",
  fn: () => void validateMessageText(unicode),
});
Deno.bench({
  name: "line with control characters",
  group: "validateMessageText",
  fn: () => void validateMessageText(withControls),
});
Deno.bench({
  name: "4 KiB line (the limit)",
  group: "validateMessageText",
  fn: () => void validateMessageText(longest),
});

Deno.bench({
  name: "validateName",
  group: "registration",
  baseline: true,
  fn: () => void validateName("alice_the-great"),
});
Deno.bench({
  name: "validateEmail",
  group: "registration",
  fn: () => void validateEmail("alice.liddell@example.co.uk"),
});
Deno.bench({
  name: "validateName refusing (throws)",
  group: "registration",
  fn() {
    try {
      validateName("no spaces allowed");
    } catch { /* expected */ }
  },
});
