/**
 * What every conformance case shares: test hashing, and the core's rules
 * (registration, login, requests, decisions) as the session applies them.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type Account,
  type Backend,
  checkCredentials,
  decideRequest,
  type Message,
  registerAccount,
  requestAccess,
  sha256Hex,
} from "../../lib/chat/mod.ts";

/** PBKDF2 iterations for tests: real hashing, bearable speed. */
export const TEST_ITERATIONS = 1_000;

const HASHING = { iterations: TEST_ITERATIONS };

/** One conformance case, run on a fresh backend. */
export type Case = (b: Backend) => Promise<void>;

/** Registers through the core's account rule, with test hashing. */
export async function register(
  b: Backend,
  name: string,
  password: string,
  email: string,
) {
  const passwordSha256 = await sha256Hex(password);
  return await registerAccount(b, { name, passwordSha256, email }, HASHING);
}

/** Checks a login through the core's account rule. */
export async function login(b: Backend, name: string, password: string) {
  const passwordSha256 = await sha256Hex(password);
  return await checkCredentials(b, { name, passwordSha256 }, HASHING);
}

/** An account with a stand-in credential. */
export function account(name: string, credential: string): Account {
  const participant = { name, email: "", createdAt: 1, lastLoginAt: null };
  return { participant, credential };
}

/** Files a request through the core's rule, as the session does. */
export async function ask(b: Backend, channel: string, requester: string) {
  return await requestAccess(b, await b.getChannel(channel), requester);
}

/** Decides a request through the core's owner-first rule. */
export function decide(
  b: Backend,
  channel: string,
  requester: string,
  by: string,
  grant: boolean,
) {
  return decideRequest(b, { channel, requester, by, grant });
}

/** A general-chat or channel message from alice. */
export function draft(text: string, channel: string | null) {
  return { sender: "alice", sentAt: Date.now(), text, channel };
}

/** The texts of messages, in order. */
export function texts(messages: Pick<Message, "text">[]): string[] {
  return messages.map((m) => m.text);
}

/** Asserts ids ascend within a page. */
export function assertAscending(messages: Pick<Message, "id">[]): void {
  for (let i = 1; i < messages.length; i++) {
    assert.ok(messages[i - 1].id < messages[i].id, "ids ascend within a page");
  }
}
