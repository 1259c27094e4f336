/**
 * Reading a room's history, the same for every path (telnet, WebSocket,
 * HTTP): the general chat for anyone logged in, a channel only for its
 * owner and members.
 *
 * @module
 */
import type { Hub } from "../session/hub.ts";
import { ChatError } from "../model/errors.ts";
import type { HistoryPage, HistoryQuery } from "../model/types.ts";
import { requireMember } from "./membership.ts";

/** A page of the general chat (`channel` null) or of a channel `reader` may use. */
export async function readHistory(
  hub: Hub,
  reader: string,
  options: HistoryQuery & { channel: string | null },
): Promise<HistoryPage> {
  const { channel, ...query } = options;
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new ChatError("invalid", `${key} must be a whole number`);
    }
  }
  const name = channel === null
    ? null
    : (await requireMember(hub, reader, channel)).name;
  const backend = hub.backend;
  return hub.guard(
    "History unavailable",
    () =>
      name === null
        ? backend.getChatHistory(query)
        : backend.getChannelHistory(name, query),
  );
}
