/**
 * Makes attacker-supplied text safe inside a log line: control characters
 * (C0 with CR, LF, BEL and ESC, DEL, C1 with the 8-bit CSI and OSC), line
 * and paragraph separators and bidirectional overrides and isolates are
 * written as escapes, so no field can end a line, forge another, drive a
 * terminal that shows the log, or reorder what a reader sees.
 *
 * @module
 */

const UNSAFE_CLASS =
  "[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]";
const UNSAFE = new RegExp(UNSAFE_CLASS, "g");
/** Matches any character a log line must not carry raw. */
export const HAS_UNSAFE: RegExp = new RegExp(UNSAFE_CLASS);
// A text-format value is written bare only when nothing in it could be
// read as another field or its end.
const BARE = /^[^\s"=\\]*$/;

/** `\uXXXX` for every unsafe character, as JSON writes escapes. */
export function escapeUnsafe(text: string): string {
  return text.replace(
    UNSAFE,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

/** A field value for a text-format line: bare when plain, else quoted. */
export function textValue(value: unknown): string {
  if (
    typeof value === "string" && BARE.test(value) && !HAS_UNSAFE.test(value)
  ) {
    return value;
  }
  return escapeUnsafe(JSON.stringify(value) ?? String(value));
}
