/**
 * Telnet output encoding: UTF-8 text with network line endings and IAC
 * escaping. Negotiation bytes come from `options.ts`.
 *
 * @module
 */

const IAC = 0xff;

const utf8 = new TextEncoder();
// A lone CR must be CR NUL on the wire (RFC 854), or the client may merge it
// with whatever byte follows.
const NEWLINES = /\r\n|\n|\r/g;
const wireNewline = (nl: string): string => nl === "\r" ? "\r\0" : "\r\n";

function toWire(text: string): string {
  // Most messages are one line; skip the regex for them.
  return text.includes("\n") || text.includes("\r")
    ? text.replace(NEWLINES, wireNewline)
    : text;
}

/**
 * Returns `bytes` with every 0xFF doubled, or `bytes` itself when there is
 * none, so the common case costs one native scan and no copy.
 */
export function escapeIac(bytes: Uint8Array): Uint8Array {
  let at = bytes.indexOf(IAC);
  if (at === -1) return bytes;
  let count = 0;
  for (let i = at; i !== -1; i = bytes.indexOf(IAC, i + 1)) count++;
  const out = new Uint8Array(bytes.length + count);
  let from = 0;
  let to = 0;
  while (at !== -1) {
    out.set(bytes.subarray(from, at + 1), to);
    to += at + 1 - from;
    out[to++] = IAC;
    from = at + 1;
    at = bytes.indexOf(IAC, from);
  }
  out.set(bytes.subarray(from), to);
  return out;
}

/**
 * Encodes prompt text for the client without a final line break. The result
 * may be written to many sockets but must not be mutated.
 */
export function encodeText(text: string): Uint8Array {
  // Well-formed UTF-8 never contains 0xFF; the scan keeps the codec correct
  // should that assumption ever change, at the cost of one memchr.
  return escapeIac(utf8.encode(toWire(text)));
}

/**
 * Encodes one message for the client, ending in CRLF. Encode a broadcast
 * once and write the same, unmutated bytes to every socket.
 */
export function encodeLine(text: string): Uint8Array {
  return escapeIac(utf8.encode(toWire(text) + "\r\n"));
}
