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
  | "banned"
  | "unavailable"
  | "throttled"
  | "limit"
  | "busy";

/** Options for `ChatError`. */
export interface ChatErrorOptions extends ErrorOptions {
  /** The input the error is about, e.g. `name`, so a form can mark it. */
  field?: string;
  /** Seconds after which the same action may succeed (HTTP `Retry-After`). */
  retryAfterSeconds?: number;
}

/** A refused chat action, with a code for programs and text for people. */
export class ChatError extends Error {
  /** Why it failed. */
  readonly code: ChatErrorCode;
  /** The input it is about (`name`, `password`, `email`, `channel`, `text`), if one. */
  readonly field?: string;
  /** Seconds after which trying again may succeed, when known. */
  readonly retryAfterSeconds?: number;

  /** Creates an error; `message` is shown to the user as it is. */
  constructor(
    code: ChatErrorCode,
    message: string,
    options?: ChatErrorOptions,
  ) {
    super(message, options);
    this.name = "ChatError";
    this.code = code;
    this.field = options?.field;
    if (options?.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = Math.max(
        1,
        Math.ceil(options.retryAfterSeconds),
      );
    }
  }
}
