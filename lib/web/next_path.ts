/**
 * Where a sign-in returns to: the chat page (or one room's page) the user
 * was on. Only those local paths are accepted, so a crafted link cannot
 * send anyone elsewhere after they log in.
 *
 * @module
 */

const CHAT_PATH = /^\/chat(\/[A-Za-z0-9_-]{1,64})?$/;

/** `raw` when it is a chat path; otherwise null. */
export function nextPath(raw: string | null | undefined): string | null {
  return raw && CHAT_PATH.test(raw) ? raw : null;
}

/** The login page's URL that returns to `path` afterwards. */
export function loginUrl(path: string, reason?: string): string {
  const query = new URLSearchParams();
  const next = nextPath(path);
  if (next && next !== "/chat") query.set("next", next);
  if (reason) query.set("reason", reason);
  const text = query.toString();
  return text ? `/login?${text}` : "/login";
}

/** Why the login page was opened, as one line for the user; null for none. */
export function signInReason(reason: string | null): string | null {
  return reason === "session"
    ? "Your session has ended; log in again to go on"
    : null;
}
