/**
 * What every backend stores for a new account: the participant record and
 * a salted PBKDF2 hash of the client's digest (never the digest itself).
 *
 * @module
 */
import {
  type HashOptions,
  hashPassword,
  type Participant,
} from "../chat/mod.ts";

/** A participant with the credential that authenticates them. */
export interface NewAccount {
  participant: Participant;
  credential: string;
}

/** Hashes the digest and builds the record of a participant never logged in. */
export async function newAccount(
  name: string,
  passwordSha256: string,
  options: HashOptions & { email: string },
): Promise<NewAccount> {
  const credential = await hashPassword(passwordSha256, options);
  const participant: Participant = {
    name,
    email: options.email,
    createdAt: Date.now(),
    lastLoginAt: null,
  };
  return { participant, credential };
}
