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
