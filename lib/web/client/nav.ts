/**
 * Rooms have URLs: `/chat` is the general chat, `/chat/<channel>` a
 * channel. Entering a room pushes its URL; back and forward (popstate)
 * enter the room of the URL they land on.
 *
 * @module
 */

const CHAT_PATH = /^\/chat(?:\/([^/]+))?\/?$/;

/** The URL path of a room (null: the general chat; `@name`: a conversation). */
export function roomPath(channel: string | null): string {
  if (channel === null) return "/chat";
  // "@" may stand in a path as it is, and reads better.
  return channel.startsWith("@")
    ? `/chat/@${encodeURIComponent(channel.slice(1))}`
    : `/chat/${encodeURIComponent(channel)}`;
}

/** The room a chat URL path names; undefined for any other path. */
export function roomOfPath(path: string): string | null | undefined {
  const match = path.match(CHAT_PATH);
  if (!match) return undefined;
  try {
    return match[1] === undefined ? null : decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** Puts the room's URL in the address bar (a new history entry). */
export function showRoomUrl(channel: string | null): void {
  const path = roomPath(channel);
  if (location.pathname.toLowerCase() !== path.toLowerCase()) {
    history.pushState(null, "", path);
  }
}

/** Calls `enter` with the room of each URL back or forward lands on. */
export function followHistory(enter: (channel: string | null) => void): void {
  addEventListener("popstate", () => {
    const channel = roomOfPath(location.pathname);
    if (channel !== undefined) enter(channel);
  });
}
