/**
 * The HTTP path's one place where errors become words and status codes.
 * Chat errors carry user-facing text already, as does an `HttpError` a
 * route throws; anything else stays generic (and is never echoed, since it
 * may hold internals).
 *
 * @module
 */
import { STATUS_CODES } from "node:http";
import { ChatError, type ChatErrorCode } from "../chat/mod.ts";

/** Thrown anywhere in a route to answer with `status` (Fresh's `HttpError`). */
export class HttpError extends Error {
  /** The HTTP status code. */
  readonly status: number;

  /** `status` is 400 to 599; `message` defaults to its text, e.g. "Method not allowed". */
  constructor(status: number, message?: string, options?: ErrorOptions) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(
        `HttpError status must be 400 to 599, not ${status}`,
      );
    }
    super(message ?? statusText(status), options);
    this.name = "HttpError";
    this.status = status;
  }
}

/** The reason phrase of `status` in sentence case, e.g. "Not found". */
export function statusText(status: number): string {
  const text = STATUS_CODES[status] ?? "Error";
  return text[0] + text.slice(1).toLowerCase();
}

/** An error as an HTTP client should see it. */
export interface HttpFailure {
  status: number;
  code: string;
  message: string;
  /** The form field it is about, when one (a chat error's `field`). */
  field?: string;
  /** Seconds until trying again may succeed, sent as `Retry-After`. */
  retryAfterSeconds?: number;
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
  busy: 503,
};

/** The status, code and message for any error thrown by a route or a chat action. */
export function describeError(error: unknown): HttpFailure {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      code: `http_${error.status}`,
      message: error.message,
    };
  }
  if (error instanceof ChatError) {
    return {
      status: STATUS[error.code] ?? 400,
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
      ...(error.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: error.retryAfterSeconds }),
    };
  }
  return {
    status: 500,
    code: "internal",
    message: "Something went wrong; please try again",
  };
}

/** The headers a failure's response carries: `Retry-After` when known. */
export function failureHeaders(failure: HttpFailure): Record<string, string> {
  return failure.retryAfterSeconds === undefined
    ? {}
    : { "Retry-After": String(failure.retryAfterSeconds) };
}

/** The JSON body of a failed API call: `{error: {code, message}}`. */
export function failureBody(failure: HttpFailure): {
  error: { code: string; message: string };
} {
  return { error: { code: failure.code, message: failure.message } };
}
