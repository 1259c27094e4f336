/**
 * Input validation for names, emails and message text. Each check returns
 * the clean value or throws a `ChatError` that says what is wrong.
 *
 * @module
 */
import { ChatError } from "../model/errors.ts";

/** The most bytes of UTF-8 a message may carry. */
export const MAX_MESSAGE_BYTES = 4096;
/** The most lines a message may have (Shift+Enter in the browser). */
export const MAX_MESSAGE_LINES = 40;
/** Shortest allowed participant or channel name. */
export const MIN_NAME_LENGTH = 3;
/** Longest allowed participant or channel name. */
export const MAX_NAME_LENGTH = 32;
/** Shortest password a new account may have (NIST SP 800-63B's minimum). */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest allowed email address (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

const NAME = /^[A-Za-z0-9_-]+$/;
const EMAIL = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;
// C0 and C1 controls and DEL, except tab and line feed; they could drive a
// terminal. Line breaks are made LF first.
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const LINE_BREAK = /\r\n?/g;
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
  return checkName(name, "Name", rule, "name");
}

/** Checks a channel name (an optional leading `#`) by the same rule. */
export function validateChannelName(name: string, rule: NameRule = {}): string {
  const bare = name.startsWith("#") ? name.slice(1) : name;
  return checkName(bare, "Channel name", rule, "channel");
}

/** Checks an email address for plausibility (one `@`, a dotted domain). */
export function validateEmail(email: string): string {
  const value = email.trim();
  if (value.length > MAX_EMAIL_LENGTH || !EMAIL.test(value)) {
    throw new ChatError("invalid", "Email address looks invalid", {
      field: "email",
    });
  }
  return value;
}

/**
 * Checks a new password before it is digested: at least
 * `MIN_PASSWORD_LENGTH` characters, at most 1024. Logins are not checked,
 * so accounts made under an older rule still sign in.
 */
export function validatePassword(password: string): string {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new ChatError(
      "invalid",
      `Password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
      { field: "password" },
    );
  }
  if (password.length > 1024) {
    throw new ChatError(
      "too_long",
      "Password is longer than 1024 characters",
      { field: "password" },
    );
  }
  return password;
}

/**
 * Checks message text: line breaks become LF, other control characters are
 * removed (tab becomes a space) and blank lines around the text dropped;
 * then it must not be blank, must fit in `maxBytes` (default
 * `MAX_MESSAGE_BYTES`) and have at most `MAX_MESSAGE_LINES` lines.
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
  const clean = text.replace(LINE_BREAK, "\n").replace(CONTROL, "")
    .replaceAll("\t", " ").replace(/^\s*\n|\n\s*$/g, "");
  if (clean.trim().length === 0) {
    throw new ChatError("invalid", "Message is empty");
  }
  const lines = clean.includes("\n") ? clean.split("\n").length : 1;
  if (lines > MAX_MESSAGE_LINES) {
    throw new ChatError(
      "too_long",
      `Message has ${lines} lines; the limit is ${MAX_MESSAGE_LINES}`,
    );
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

function checkName(
  name: string,
  what: string,
  rule: NameRule,
  field: string,
): string {
  const min = rule.minLength ?? MIN_NAME_LENGTH;
  const max = Math.min(rule.maxLength ?? MAX_NAME_LENGTH, NAME_LENGTH_CEILING);
  if (name.length < min || name.length > max) {
    throw new ChatError(
      "invalid",
      `${what} must be ${min} to ${max} characters long`,
      { field },
    );
  }
  if (!NAME.test(name)) {
    throw new ChatError(
      "invalid",
      `${what} may use only letters, digits, _ and -`,
      { field },
    );
  }
  return name;
}

function hasLoneSurrogate(text: string): boolean {
  return !text.isWellFormed();
}
