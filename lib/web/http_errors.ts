/**
 * The HTTP path's one place where errors become words and status codes.
 * Chat errors carry user-facing text already; anything else stays generic
 * (and is never echoed, since it may hold internals).
 *
 * @module
 */
import { ChatError, type ChatErrorCode } from "../chat/mod.ts";

/** An error as an HTTP client should see it. */
export interface HttpFailure {
  status: number;
  code: string;
  message: string;
}

const STATUS: Partial<Record<ChatErrorCode | string, number>> = {
  invalid: 400,
  too_long: 413,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  taken: 409,
  already_member: 409,
  already_pending: 409,
  not_pending: 409,
  throttled: 429,
  limit: 429,
  unavailable: 503,
};

/** The status, code and message for any error thrown by a chat action. */
export function describeError(error: unknown): HttpFailure {
  if (error instanceof ChatError) {
    return {
      status: STATUS[error.code] ?? 400,
      code: error.code,
      message: error.message,
    };
  }
  return {
    status: 500,
    code: "internal",
    message: "Something went wrong; please try again",
  };
}

/** The JSON body of a failed API call: `{error: {code, message}}`. */
export function failureBody(failure: HttpFailure): {
  error: { code: string; message: string };
} {
  return { error: { code: failure.code, message: failure.message } };
}
