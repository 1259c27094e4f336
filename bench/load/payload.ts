/**
 * The load message format: a marker, the step, a sequence number and the
 * send time, so any receiver can compute latency from the text alone.
 *
 * @module
 */

/** Starts every load message; never appears in server chrome. */
export const MARK = "~lt~";

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** One load message's text, padded with filler to about `bytes` bytes. */
export function encodePayload(
  step: number,
  seq: number,
  sentAt: number,
  bytes = 64,
): string {
  const head = `${MARK}${step}~${seq}~${sentAt.toFixed(3)}~`;
  return head.length >= bytes ? head : head + "x".repeat(bytes - head.length);
}

/**
 * Calls `found` for each load message in `text` (any number of lines or
 * frames); scanning for the marker skips JSON parsing and line splitting.
 */
export function scanPayloads(
  text: string,
  found: (step: number, sentAt: number) => void,
): void {
  let at = text.indexOf(MARK);
  while (at !== -1) {
    const stepEnd = text.indexOf("~", at + MARK.length);
    const seqEnd = text.indexOf("~", stepEnd + 1);
    const timeEnd = text.indexOf("~", seqEnd + 1);
    if (stepEnd === -1 || seqEnd === -1 || timeEnd === -1) return;
    found(
      Number(text.slice(at + MARK.length, stepEnd)),
      Number(text.slice(seqEnd + 1, timeEnd)),
    );
    at = text.indexOf(MARK, timeEnd);
  }
}

const TILDE = 0x7e;
const MARK_BYTES = new TextEncoder().encode(MARK);

/**
 * `scanPayloads` over raw bytes: no text decoding, so a reader of millions
 * of lines a second spends its time on reads, not on strings. `bytes` must
 * hold whole lines (a payload cut in two is not found).
 */
export function scanPayloadBytes(
  bytes: Uint8Array,
  found: (step: number, sentAt: number) => void,
): void {
  let at = bytes.indexOf(TILDE);
  while (at !== -1) {
    if (
      bytes[at + 1] !== MARK_BYTES[1] || bytes[at + 2] !== MARK_BYTES[2] ||
      bytes[at + 3] !== MARK_BYTES[3]
    ) {
      at = bytes.indexOf(TILDE, at + 1);
      continue;
    }
    let i = at + MARK_BYTES.length;
    let step = 0;
    for (; i < bytes.length && bytes[i] !== TILDE; i++) {
      step = step * 10 + bytes[i] - 48;
    }
    i = bytes.indexOf(TILDE, i + 1); // Past the sequence number.
    if (i === -1) return;
    let whole = 0;
    let fraction = 0;
    let scale = 1;
    let dot = false;
    for (i++; i < bytes.length && bytes[i] !== TILDE; i++) {
      const b = bytes[i];
      if (b === 46) dot = true;
      else if (dot) {
        fraction = fraction * 10 + b - 48;
        scale *= 10;
      } else whole = whole * 10 + b - 48;
    }
    if (i >= bytes.length) return;
    found(step, whole + fraction / scale);
    at = bytes.indexOf(TILDE, i + 1);
  }
}
