/**
 * What the user typed survives a reload or a trip to the login page:
 * drafts per room and messages not yet sent are kept in `sessionStorage`
 * (this tab only), under the signed-in name.
 *
 * @module
 */
import { roomKey } from "./messages.ts";
import type { Pending } from "./state.ts";

function key(me: string, what: string): string {
  return `parley:${me.toLowerCase()}:${what}`;
}

function read<T>(name: string, fallback: T): T {
  try {
    const raw = sessionStorage.getItem(name);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

function write(name: string, value: unknown): void {
  try {
    if (value === "" || (Array.isArray(value) && value.length === 0)) {
      sessionStorage.removeItem(name);
    } else sessionStorage.setItem(name, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the text stays on screen, just not kept.
  }
}

/** The draft kept for `channel`'s composer. */
export function loadDraft(me: string, channel: string | null): string {
  return read(key(me, `draft:${roomKey(channel)}`), "");
}

/** Keeps (or with "" forgets) the draft of `channel`'s composer. */
export function saveDraft(
  me: string,
  channel: string | null,
  text: string,
): void {
  write(key(me, `draft:${roomKey(channel)}`), text);
}

/** Messages typed earlier in this tab and not yet sent. */
export function loadPending(me: string): Pending[] {
  return read(key(me, "pending"), []);
}

/** Keeps the messages not yet sent. */
export function savePending(me: string, list: Pending[]): void {
  write(key(me, "pending"), list.map(({ waiting: _, ...p }) => p));
}
