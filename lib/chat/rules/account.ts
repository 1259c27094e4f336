/**
 * The account rules, over any backend: creating an account and checking a
 * login. Backends only keep records (`createAccount`, `getAccount`,
 * `recordLogin`); what is hashed, when, and what a failure reveals is
 * decided here once.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import { type HashOptions, hashPassword, verifyPassword } from "./password.ts";
import { fail, ok, type Result } from "../model/result.ts";
import type { Account, Participant } from "../model/types.ts";

/** What a new account is made of; name and email already validated. */
export interface AccountDraft {
  name: string;
  /** The client's SHA-256 digest of the password (`sha256Hex`). */
  passwordSha256: string;
  email: string;
}

/** A login attempt: a name as typed and the password's digest. */
export interface Login {
  name: string;
  passwordSha256: string;
}

/**
 * Creates an account. A taken name is refused before the expensive hash,
 * so it costs no PBKDF2 run; the backend's conditional write then decides
 * between registrations that raced past that check.
 */
export async function registerAccount(
  backend: Backend,
  draft: AccountDraft,
  options: HashOptions = {},
): Promise<Result<Participant, "taken">> {
  if (await backend.hasParticipant(draft.name)) return fail("taken");
  const account: Account = {
    participant: {
      name: draft.name,
      email: draft.email,
      createdAt: Date.now(),
      lastLoginAt: null,
    },
    credential: await hashPassword(draft.passwordSha256, options),
  };
  if (!await backend.createAccount(account)) return fail("taken");
  return ok(account.participant);
}

/**
 * Checks a login. An unknown name costs one key derivation too (against a
 * dummy hash of the configured strength), so neither the answer nor its
 * timing tells it from a wrong password. On success the login is recorded
 * and the participant returned as it was before, with the PREVIOUS
 * `lastLoginAt` (what happened since then is news to them).
 */
export async function checkCredentials(
  backend: Backend,
  login: Login,
  options: HashOptions = {},
): Promise<Result<Participant, "invalid_credentials">> {
  const account = await backend.getAccount(login.name);
  const stored = account?.credential ?? null;
  const valid = await verifyPassword(login.passwordSha256, stored, options);
  if (!account || !valid) return fail("invalid_credentials");
  const previous = await backend.recordLogin(login.name, Date.now());
  return previous ? ok(previous) : fail("invalid_credentials");
}
