/**
 * History over HTTP, with the same authorization as the WebSocket path:
 * a channel's messages only for its owner and granted participants.
 *
 * @module
 */
import {
  ChatError,
  EXISTING_NAME,
  type HistoryPage,
  type HistoryQuery,
  noSuchChannel,
  notAMember,
  type Session,
  validateChannelName,
} from "../chat/mod.ts";

/** A page of the general chat (`channel` null) or of a channel `user` may use. */
export async function readHistory(
  session: Session,
  user: string,
  options: HistoryQuery & { channel: string | null },
): Promise<HistoryPage> {
  const { channel, ...query } = options;
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new ChatError("invalid", `${key} must be a whole number`);
    }
  }
  const backend = session.backend;
  if (channel === null) {
    return session.guard(
      "History unavailable",
      () => backend.getChatHistory(query),
    );
  }
  const name = validateChannelName(channel, EXISTING_NAME);
  const [found, member] = await session.guard(
    "Channel unavailable",
    () => Promise.all([backend.getChannel(name), backend.isMember(name, user)]),
  );
  if (!found) throw noSuchChannel(name);
  if (!member) throw notAMember(found.name);
  return session.guard(
    "History unavailable",
    () => backend.getChannelHistory(found.name, query),
  );
}
