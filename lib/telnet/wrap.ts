/**
 * Terminal columns: how wide text shows (East Asian wide characters take two
 * columns, combining marks none) and word wrapping to a client's width.
 *
 * @module
 */

/** Columns assumed when the client does not say (no NAWS, or width 0). */
export const DEFAULT_WIDTH = 80;
/** Narrowest width wrapped to; a smaller report is taken as this. */
export const MIN_WIDTH = 20;
/** Widest width wrapped to; a larger report is taken as this. */
export const MAX_WIDTH = 1000;

// Ranges shown two columns wide (Unicode East Asian Width W and F, the
// blocks that matter in a chat: CJK, Hangul, kana, fullwidth forms, emoji).
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/** Columns one code point takes: 0 (combining, zero-width), 1, or 2. */
export function charWidth(cp: number): number {
  if (cp < 0x300) return cp < 0x20 || cp === 0x7f ? 0 : 1;
  if (
    (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f)
  ) return 0;
  if (cp < 0x1100) return 1;
  for (const [from, to] of WIDE) {
    if (cp < from) return 1;
    if (cp <= to) return 2;
  }
  return 1;
}

/** Columns `text` takes on a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/** A reported window width made usable: unknown (0) is 80, extremes are clamped. */
export function usableWidth(reported: number): number {
  if (reported === 0) return DEFAULT_WIDTH;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, reported));
}

/**
 * Splits `line` into lines of at most `width` columns at spaces, cutting only
 * words longer than a whole line. Continuation lines are indented by the
 * line's own indent plus `hang` (default 2), so a wrapped entry stays apart
 * from the next one.
 */
export function wrapLine(
  line: string,
  width: number,
  options: { hang?: number } = {},
): string[] {
  // Every character is at most two columns: most lines need no measuring.
  if (line.length * 2 <= width || displayWidth(line) <= width) return [line];
  const indent = line.length - line.trimStart().length;
  const pad = " ".repeat(
    Math.min(indent + (options.hang ?? 2), Math.floor(width / 2)),
  );
  const out: string[] = [];
  let current = line.slice(0, indent);
  let used = indent;
  let fresh = true; // Nothing but indentation on the current line yet.
  for (const word of line.slice(indent).split(" ")) {
    const w = displayWidth(word);
    if (!fresh && used + 1 + w <= width) {
      current += " " + word;
      used += 1 + w;
      continue;
    }
    if (!fresh) {
      out.push(current);
      current = pad;
      used = pad.length;
    }
    // A word wider than what is left is cut at the line's end.
    let rest = word;
    while (used + displayWidth(rest) > width && rest.length > 0) {
      const [head, tail] = cutAt(rest, width - used);
      out.push(current + head);
      current = pad;
      used = pad.length;
      rest = tail;
    }
    current += rest;
    used += displayWidth(rest);
    fresh = false;
  }
  out.push(current);
  return out;
}

// The longest prefix of `text` within `columns` (at least one character).
function cutAt(text: string, columns: number): [string, string] {
  let used = 0;
  let at = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > columns && at > 0) break;
    used += w;
    at += ch.length;
  }
  return [text.slice(0, at), text.slice(at)];
}
