/**
 * The one error type the chat core throws. Its `message` is already
 * user-facing text (sentence case, no trailing period); each transport
 * renders it in one place.
 *
 * @module
 */

/** Machine-readable reasons a chat action failed. */
export type ChatErrorCode =
  | "invalid"
  | "too_long"
  | "taken"
  | "not_found"
  | "forbidden"
  | "unauthorized"
  | "invalid_credentials"
  | "already_member"
  | "already_pending"
  | "not_pending"
  | "unavailable"
  | "throttled"
  | "limit";

/** A refused chat action, with a code for programs and text for people. */
export class ChatError extends Error {
  /** Why it failed. */
  readonly code: ChatErrorCode;

  /** Creates an error; `message` is shown to the user as it is. */
  constructor(code: ChatErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ChatError";
    this.code = code;
  }
}
