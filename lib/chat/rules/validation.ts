/**
 * Input validation for names, emails and message text. Each check returns
 * the clean value or throws a `ChatError` that says what is wrong.
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";

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

/** The longest name any configuration may allow; keeps every key small. */
export const NAME_LENGTH_CEILING = 64;

/** How long a name may be; defaults 3 and 32. */
export interface NameRule {
  minLength?: number;
  maxLength?: number;
}

/**
 * The rule for naming something that already exists: any length a past
 * configuration may have allowed, so lowering the limits strands nobody.
 */
export const EXISTING_NAME: NameRule = {
  minLength: 1,
  maxLength: NAME_LENGTH_CEILING,
};

/** Checks a participant name: 3–32 (or as configured) of `A-Z a-z 0-9 _ -`. */
export function validateName(name: string, rule: NameRule = {}): string {
  return checkName(name, "Name", rule);
}

/** Checks a channel name (an optional leading `#`) by the same rule. */
export function validateChannelName(name: string, rule: NameRule = {}): string {
  const bare = name.startsWith("#") ? name.slice(1) : name;
  return checkName(bare, "Channel name", rule);
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

function checkName(name: string, what: string, rule: NameRule): string {
  const min = rule.minLength ?? MIN_NAME_LENGTH;
  const max = Math.min(rule.maxLength ?? MAX_NAME_LENGTH, NAME_LENGTH_CEILING);
  if (name.length < min || name.length > max) {
    throw new ChatError(
      "invalid",
      `${what} must be ${min} to ${max} characters long`,
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
