/**
 * Results that say why something failed, instead of a bare boolean.
 *
 * @module
 */

/** Why a backend operation did not happen. */
export type FailReason =
  | "taken"
  | "not_found"
  | "forbidden"
  | "invalid_credentials"
  | "already_member"
  | "already_pending"
  | "not_pending"
  | "banned"
  | "no_participant"
  | "is_owner"
  | "not_member"
  | "unchanged";

/** Success with a value, or failure with a reason. */
export type Result<T, R extends FailReason = FailReason> =
  | { ok: true; value: T }
  | { ok: false; reason: R };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Builds a failed result. */
export function fail<R extends FailReason>(
  reason: R,
): { ok: false; reason: R } {
  return { ok: false, reason };
}
