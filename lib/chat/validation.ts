/**
 * Input validation for names, emails and message text. Each check returns
 * the clean value or throws a `ChatError` that says what is wrong.
 *
 * @module
 */
import { ChatError } from "./errors.ts";

/** The most bytes of UTF-8 a message may carry. */
export const MAX_MESSAGE_BYTES = 4096;
/** Shortest allowed participant or channel name. */
export const MIN_NAME_LENGTH = 3;
/** Longest allowed participant or channel name. */
export const MAX_NAME_LENGTH = 32;
/** Longest allowed email address (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

const NAME = /^[A-Za-z0-9_-]+$/;
const EMAIL = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;
// C0 and C1 controls and DEL, except tab; they could drive a terminal.
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const encoder = new TextEncoder();

/** Checks a participant name: 3–32 of `A-Z a-z 0-9 _ -`. */
export function validateName(name: string): string {
  return checkName(name, "Name");
}

/** Checks a channel name by the same rule as participant names. */
export function validateChannelName(name: string): string {
  return checkName(name.startsWith("#") ? name.slice(1) : name, "Channel name");
}

/** Checks an email address for plausibility (one `@`, a dotted domain). */
export function validateEmail(email: string): string {
  const value = email.trim();
  if (value.length > MAX_EMAIL_LENGTH || !EMAIL.test(value)) {
    throw new ChatError("invalid", "Email address looks invalid");
  }
  return value;
}

/** Checks a password before it is digested: not empty, at most 1024 chars. */
export function validatePassword(password: string): string {
  if (password.length === 0) {
    throw new ChatError("invalid", "Password must not be empty");
  }
  if (password.length > 1024) {
    throw new ChatError("too_long", "Password is longer than 1024 characters");
  }
  return password;
}

/**
 * Checks message text: control characters are removed (tab becomes a
 * space), then it must not be blank and must fit in `maxBytes`
 * (default `MAX_MESSAGE_BYTES`).
 * Text that is too long is refused, never truncated.
 */
export function validateMessageText(
  text: string,
  options: { maxBytes?: number } = {},
): string {
  const max = options.maxBytes ?? MAX_MESSAGE_BYTES;
  if (hasLoneSurrogate(text)) {
    throw new ChatError("invalid", "Message is not valid UTF-8");
  }
  const clean = text.replace(CONTROL, "").replaceAll("\t", " ");
  if (clean.trim().length === 0) {
    throw new ChatError("invalid", "Message is empty");
  }
  const bytes = encoder.encode(clean).length;
  if (bytes > max) {
    throw new ChatError(
      "too_long",
      `Message is ${bytes} bytes; the limit is ${max}`,
    );
  }
  return clean;
}

function checkName(name: string, what: string): string {
  if (name.length < MIN_NAME_LENGTH || name.length > MAX_NAME_LENGTH) {
    throw new ChatError(
      "invalid",
      `${what} must be ${MIN_NAME_LENGTH} to ${MAX_NAME_LENGTH} characters long`,
    );
  }
  if (!NAME.test(name)) {
    throw new ChatError(
      "invalid",
      `${what} may use only letters, digits, _ and -`,
    );
  }
  return name;
}

function hasLoneSurrogate(text: string): boolean {
  return !text.isWellFormed();
}
