/**
 * `@name` mentions in message text: the one rule for what counts as a
 * mention, for unread counts and for marking a line on telnet.
 *
 * @module
 */
import { nameKey } from "../ports/backend.ts";

// `@` then a name's characters, not inside a word or an email address.
const MENTION = /(?<![A-Za-z0-9_@.-])@([A-Za-z0-9_-]+)/g;

/** The names mentioned in `text`, as lowercase keys, each once. */
export function mentionedNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const match of text.matchAll(MENTION)) out.add(nameKey(match[1]));
  return out;
}

/** Whether `text` mentions `name` (any case). */
export function mentions(text: string, name: string): boolean {
  return text.includes("@") && mentionedNames(text).has(nameKey(name));
}
