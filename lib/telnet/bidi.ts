/**
 * Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) can
 * make text read differently from what it is: a message that shows a
 * forged sender, a channel name that reads as another. Names never contain
 * them (the name rule allows only `A-Z a-z 0-9 _ -`); message text may, so
 * the telnet rendering drops them, where a terminal has no way to isolate
 * one person's text from the line around it.
 *
 * @module
 */

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** `text` without bidirectional overrides and isolates. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}
