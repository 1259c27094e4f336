/**
 * What the server shows when it echoes a character-mode client's typing, and
 * the UTF-8 character boundaries that erasing and interrupts need.
 *
 * @module
 */
import { charWidth } from "./wrap.ts";

const EMPTY = new Uint8Array(0);
const LENIENT = new TextDecoder();
const ASCII = new TextEncoder();

/**
 * Input as echoed: without control characters (an echoed ESC would move the
 * cursor), and always a copy, since the socket's read buffer is reused.
 */
export function printable(run: Uint8Array): Uint8Array {
  let controls = 0;
  for (const b of run) if (b < 0x20) controls++;
  if (controls === 0) return run.slice();
  const out = new Uint8Array(run.length - controls);
  let at = 0;
  for (const b of run) if (b >= 0x20) out[at++] = b;
  return out;
}

/** Back over the columns `erased` took on screen, blank them, and back again. */
export function rubOut(erased: Uint8Array): Uint8Array {
  let n = 0;
  // Invalid UTF-8 showed as one replacement character per bad sequence.
  for (const ch of LENIENT.decode(erased)) n += charWidth(ch.codePointAt(0)!);
  if (n === 0) return EMPTY;
  return ASCII.encode("\b".repeat(n) + " ".repeat(n) + "\b".repeat(n));
}

/**
 * Where the last character of `buf[0, len)` starts (len > 0): at its lead
 * byte, or at the last byte alone when continuation bytes have no lead.
 */
export function lastCharStart(buf: Uint8Array, len: number): number {
  let start = len - 1;
  while (start > 0 && len - start < 4 && (buf[start] & 0xc0) === 0x80) {
    start--;
  }
  return start < len - 1 && buf[start] < 0xc0 ? len - 1 : start;
}

/** Whether `buf[0, len)` (len > 0) ends inside a UTF-8 character. */
export function cutsCharacter(buf: Uint8Array, len: number): boolean {
  const start = lastCharStart(buf, len);
  const b = buf[start];
  const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return len - start < size;
}
