/**
 * What a refused channel action tells the user: the backend's reason codes
 * turned into `ChatError`s with sentence-case text.
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";

/** The error for a channel that does not exist. */
export function noSuchChannel(channel: string): ChatError {
  return new ChatError("not_found", `There is no channel #${channel}`);
}

/** The error for a channel the participant may not use. */
export function notAMember(channel: string): ChatError {
  return new ChatError(
    "forbidden",
    `#${channel} is private; ask its owner for access`,
  );
}

/** The error for a refused access request. */
export function requestRefused(
  reason: "not_found" | "already_member" | "already_pending" | "banned",
  channel: string,
): ChatError {
  switch (reason) {
    case "banned":
      return new ChatError("banned", `You are banned from #${channel}`);
    case "not_found":
      return noSuchChannel(channel);
    case "already_member":
      return new ChatError("already_member", `You may already use #${channel}`);
    case "already_pending":
      return new ChatError(
        "already_pending",
        `Your request for #${channel} is already waiting`,
      );
  }
}

/** The error for a refused grant or deny. */
export function decisionRefused(
  reason: "not_found" | "forbidden" | "not_pending",
  channel: string,
  requester: string,
): ChatError {
  switch (reason) {
    case "not_found":
      return new ChatError(
        "not_found",
        `No request from ${requester} for #${channel}`,
      );
    case "forbidden":
      return new ChatError(
        "forbidden",
        `Only the owner of #${channel} may decide`,
      );
    case "not_pending":
      return new ChatError(
        "not_pending",
        `The request from ${requester} for #${channel} was already decided`,
      );
  }
}
