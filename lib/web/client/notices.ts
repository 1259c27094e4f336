/**
 * Notices clear themselves: a few seconds after they show (longer for
 * errors, so they can be read), on dismissal, and when the connection is
 * made again (what they said about the old one is no longer true).
 *
 * @module
 */
import { notice } from "./state.ts";

/** How long a notice stays, in milliseconds. */
export const NOTICE_MS = { info: 5_000, error: 10_000 };

let timer: ReturnType<typeof setTimeout> | undefined;

/** Shows `text` until it times out or another notice replaces it. */
export function showNotice(text: string, error = false): void {
  clearTimeout(timer);
  const shown = notice.value = { text, error };
  timer = setTimeout(() => {
    if (notice.value === shown) notice.value = null;
  }, error ? NOTICE_MS.error : NOTICE_MS.info);
}

/** Clears the notice on screen. */
export function clearNotice(): void {
  clearTimeout(timer);
  notice.value = null;
}
