/**
 * Blocking: a participant refuses another's direct messages (the other is
 * refused with a neutral text, `direct.ts`), lifts it, and lists whom they
 * block. Nobody else can see a block.
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";
import type { Block, ListPage, ListQuery } from "../model/types.ts";
import { nameKey } from "../ports/backend.ts";
import { noSuchParticipant } from "../rules/moderation_failures.ts";
import { EXISTING_NAME, validateName } from "../rules/validation.ts";
import type { Hub } from "../session/hub.ts";

/** `by` blocks (`blocked` true) or unblocks `name`; resolves their stored name. */
export async function setBlocked(
  hub: Hub,
  by: string,
  change: { name: string; blocked: boolean },
): Promise<string> {
  const name = validateName(change.name, EXISTING_NAME);
  if (nameKey(name) === nameKey(by)) {
    throw new ChatError("invalid", "You cannot block yourself");
  }
  const backend = hub.backend;
  return await hub.guard("Block not saved", async () => {
    const [target, now] = await Promise.all([
      backend.getParticipant(name),
      backend.isBlocked(by, name),
    ]);
    if (!target) throw noSuchParticipant(name);
    if (now === change.blocked) {
      throw new ChatError(
        "invalid",
        now
          ? `You already block ${target.name}`
          : `You do not block ${target.name}`,
      );
    }
    await backend.setBlock(by, target.name, change.blocked);
    return target.name;
  });
}

/** A page of the participants `by` blocks. */
export function blockedBy(
  hub: Hub,
  by: string,
  query?: ListQuery,
): Promise<ListPage<Block>> {
  return hub.guard(
    "Block list unavailable",
    () => hub.backend.listBlocks(by, query),
  );
}
