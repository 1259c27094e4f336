/**
 * The logging port of the chat core: the session reports events through
 * it, and `lib/log.ts` writes them as text or JSON lines. The core never
 * knows where (or whether) lines are written.
 *
 * @module
 */

/** Fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** Writes one log line per call. */
export interface Logger {
  /** Something worth knowing happened. */
  info(event: string, fields?: LogFields): void;
  /** Something failed and the server carried on. */
  error(event: string, fields?: LogFields): void;
}

/** A logger that drops everything, the default. */
export const silentLogger: Logger = { info() {}, error() {} };
