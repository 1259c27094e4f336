/**
 * The load message format: a marker, the step, a sequence number, the send
 * time and the padded size, so any receiver can compute latency from the
 * text alone.
 *
 * @module
 */

/** Starts every load message; never appears in server chrome. */
export const MARK = "~lt~";

/**
 * The tool's clock, in ms: it sends and receives every message itself, so
 * its monotonic clock serves, and short numbers are quick to parse.
 */
export function now(): number {
  return performance.now();
}

/**
 * One load message's text, padded with filler to about `bytes` bytes. The
 * head ends with `bytes`, so a reader can jump over the filler.
 */
export function encodePayload(
  step: number,
  seq: number,
  sentAt: number,
  bytes = 64,
): string {
  const head = `${MARK}${step}~${seq}~${sentAt.toFixed(2)}~${bytes}~`;
  return head.length >= bytes ? head : head + "x".repeat(bytes - head.length);
}

/** Called per load message found: its step, send time and arrival time. */
export type PayloadFound = (
  step: number,
  sentAt: number,
  receivedAt: number,
) => void;

const TILDE = 0x7e;
const L = MARK.charCodeAt(1);
const T = MARK.charCodeAt(2);
const DOT = 0x2e;
const ZERO = 0x30;

const encoder = new TextEncoder();

/**
 * Calls `found` for each load message in `text` (any number of lines or
 * frames); scanning for the marker skips JSON parsing and line splitting.
 */
export function scanPayloads(text: string, found: PayloadFound): void {
  // Encoding is one native copy; the byte scanner is the one parser.
  scanPayloadBytes(encoder.encode(text), found);
}

/**
 * `scanPayloads` over raw bytes: no text decoding, no calls per field, and
 * each message's filler skipped by its stated size, so a reader of millions
 * of lines a second spends its time on reads, not on scanning. `bytes` must
 * hold whole lines (a payload cut in two is not found). One clock read
 * serves the whole chunk: its messages arrived together.
 */
export function scanPayloadBytes(
  bytes: Uint8Array,
  found: PayloadFound,
): void {
  const receivedAt = now();
  const end = bytes.length;
  let i = bytes.indexOf(TILDE);
  while (i !== -1) {
    if (bytes[i + 1] !== L || bytes[i + 2] !== T || bytes[i + 3] !== TILDE) {
      i = bytes.indexOf(TILDE, i + 1);
      continue;
    }
    const at = i;
    let step = 0;
    for (i += 4; i < end && bytes[i] !== TILDE; i++) {
      step = step * 10 + bytes[i] - ZERO;
    }
    for (i++; i < end && bytes[i] !== TILDE; i++) { /* the sequence number */ }
    let whole = 0;
    let fraction = 0;
    let scale = 1;
    let dot = false;
    for (i++; i < end && bytes[i] !== TILDE; i++) {
      const b = bytes[i];
      if (b === DOT) dot = true;
      else if (dot) {
        fraction = fraction * 10 + b - ZERO;
        scale *= 10;
      } else whole = whole * 10 + b - ZERO;
    }
    let size = 0;
    for (i++; i < end && bytes[i] !== TILDE; i++) {
      size = size * 10 + bytes[i] - ZERO;
    }
    if (i >= end) return;
    found(step, whole + fraction / scale, receivedAt);
    i = bytes.indexOf(TILDE, Math.max(i + 1, at + size));
  }
}
