/**
 * Message text as pieces: plain text, `http(s)` links and `@name`
 * mentions. Rendering them as elements (never as HTML) keeps user text
 * inert; only http and https URLs become links.
 *
 * @module
 */

/** One piece of a message's text. */
export type Piece =
  | { kind: "text"; text: string }
  | { kind: "link"; text: string }
  | { kind: "mention"; text: string; name: string };

// A URL runs to the next space or bracket-like character; a mention is `@`
// and a name's characters, not inside a word or an email address.
const TOKENS = /\bhttps?:\/\/[^\s<>"'`]+|(?<![A-Za-z0-9_@.-])@[A-Za-z0-9_-]+/gi;
// Closing punctuation that usually ends a sentence, not the URL.
const TRAILING = /[.,;:!?)\]}]$/;

/** Splits `text` into text, link and mention pieces, in order. */
export function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(TOKENS)) {
    let token = match[0];
    const start = match.index;
    if (token[0] !== "@") token = trimUrl(token);
    if (start > at) out.push({ kind: "text", text: text.slice(at, start) });
    out.push(
      token[0] === "@"
        ? { kind: "mention", text: token, name: token.slice(1) }
        : { kind: "link", text: token },
    );
    at = start + token.length;
  }
  if (at < text.length) out.push({ kind: "text", text: text.slice(at) });
  return out;
}

// Drops sentence punctuation after a URL, but keeps a `)` that closes a
// `(` inside it (Wikipedia-style paths).
function trimUrl(url: string): string {
  while (TRAILING.test(url)) {
    if (url.endsWith(")") && count(url, "(") >= count(url, ")")) break;
    url = url.slice(0, -1);
  }
  return url;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Whether `text` mentions `name` (any case). */
export function mentionsName(text: string, name: string): boolean {
  const key = name.toLowerCase();
  return text.includes("@") &&
    pieces(text).some((p) =>
      p.kind === "mention" && p.name.toLowerCase() === key
    );
}
