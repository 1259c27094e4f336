/**
 * Reading a room's history, the same for every path (telnet, WebSocket,
 * HTTP): the general chat for anyone logged in, a channel only for its
 * owner and members, a direct conversation only for its two participants
 * (a reader can only name their own: the other side is the `peer`).
 *
 * @module
 */
import type { Hub } from "../session/hub.ts";
import { ChatError } from "../model/errors.ts";
import type {
  DirectMessage,
  HistoryPage,
  HistoryQuery,
} from "../model/types.ts";
import { requireMember } from "./membership.ts";
import { EXISTING_NAME, validateName } from "../rules/validation.ts";

/** A page of the general chat (`channel` null) or of a channel `reader` may use. */
export async function readHistory(
  hub: Hub,
  reader: string,
  options: HistoryQuery & { channel: string | null },
): Promise<HistoryPage> {
  const { channel, ...query } = options;
  checkQuery(query);
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

/** A page of `reader`'s direct conversation with `peer`. */
export function readDirectHistory(
  hub: Hub,
  reader: string,
  options: HistoryQuery & { peer: string },
): Promise<HistoryPage<DirectMessage>> {
  const { peer, ...query } = options;
  checkQuery(query);
  const other = validateName(peer, EXISTING_NAME);
  return hub.guard(
    "History unavailable",
    () => hub.backend.getDirectHistory(reader, other, query),
  );
}

function checkQuery(query: HistoryQuery): void {
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new ChatError("invalid", `${key} must be a whole number`);
    }
  }
}
