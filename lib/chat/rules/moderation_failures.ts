/**
 * What a refused moderation act, part or handover tells the user: the
 * rules' reason codes turned into `ChatError`s with sentence-case text.
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";
import { noSuchChannel } from "./failures.ts";
import type { ModerationKind, ModerationRefusal } from "./moderation.ts";

const VERBS: Record<ModerationKind, string> = {
  remove: "remove members from",
  ban: "ban from",
  unban: "lift bans in",
};

const UNCHANGED: Record<ModerationKind, (name: string, c: string) => string> = {
  remove: (name, c) => `${name} is not a member of #${c}`,
  ban: (name, c) => `${name} is already banned from #${c}`,
  unban: (name, c) => `${name} is not banned from #${c}`,
};

/** The error for an owner's refused remove, ban or unban. */
export function moderationRefused(
  reason: ModerationRefusal,
  act: { kind: ModerationKind; channel: string; name: string },
): ChatError {
  const { kind, channel, name } = act;
  switch (reason) {
    case "not_found":
      return noSuchChannel(channel);
    case "forbidden":
      return new ChatError(
        "forbidden",
        `Only the owner of #${channel} may ${VERBS[kind]} it`,
      );
    case "no_participant":
      return noSuchParticipant(name);
    case "is_owner":
      return new ChatError("invalid", `You own #${channel}`);
    case "unchanged":
      return new ChatError("not_found", UNCHANGED[kind](name, channel));
  }
}

/** The error for a refused `/part`. */
export function partRefused(
  reason: "not_found" | "is_owner" | "not_member",
  channel: string,
): ChatError {
  switch (reason) {
    case "not_found":
      return noSuchChannel(channel);
    case "is_owner":
      return new ChatError(
        "invalid",
        `You own #${channel}; hand it over to a member first`,
      );
    case "not_member":
      return new ChatError("not_found", `You are not a member of #${channel}`);
  }
}

/** The error for a refused handover. */
export function transferRefused(
  reason:
    | "not_found"
    | "forbidden"
    | "no_participant"
    | "is_owner"
    | "not_member",
  handover: { channel: string; to: string },
): ChatError {
  const { channel, to } = handover;
  switch (reason) {
    case "not_found":
      return noSuchChannel(channel);
    case "forbidden":
      return new ChatError(
        "forbidden",
        `Only the owner of #${channel} may hand it over`,
      );
    case "no_participant":
      return noSuchParticipant(to);
    case "is_owner":
      return new ChatError("invalid", `You already own #${channel}`);
    case "not_member":
      return new ChatError("not_found", `${to} is not a member of #${channel}`);
  }
}

/** The error for a name no participant has. */
export function noSuchParticipant(name: string): ChatError {
  return new ChatError("not_found", `There is no participant ${name}`);
}
