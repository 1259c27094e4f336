/**
 * Structured logging: one line per event, readable text by default or one
 * JSON object per line for log collectors. Every field is escaped
 * (`log_escape.ts`): what a client sends can never forge or break a line.
 *
 * @module
 */
import type { LogFields, Logger } from "./chat/mod.ts";
import { escapeUnsafe, textValue } from "./log_escape.ts";

export type { LogFields, Logger } from "./chat/mod.ts";
export { silentLogger } from "./chat/mod.ts";

/** How log lines are written. */
export type LogFormat = "text" | "json";

/** Options for `createLogger`. */
export interface LoggerOptions {
  format?: LogFormat;
  /** Where lines go; defaults to stderr. */
  write?: (line: string) => void;
}

/** A logger that writes text or JSON lines. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? "text";
  const write = options.write ?? writeStderr;
  const line = (level: string, event: string, fields: LogFields = {}) => {
    const time = new Date().toISOString();
    if (format === "json") {
      // JSON escapes C0 itself; the rest of the unsafe set is escaped too.
      write(escapeUnsafe(
        JSON.stringify({ time, level, event, ...plain(fields) }),
      ));
      return;
    }
    const rest = Object.entries(plain(fields))
      .map(([k, v]) => `${k}=${textValue(v)}`)
      .join(" ");
    write(`${time} ${level} ${event}${rest ? " " + rest : ""}`);
  };
  return {
    info: (event, fields) => line("info", event, fields),
    error: (event, fields) => line("error", event, fields),
  };
}

const encoder = new TextEncoder();

function writeStderr(line: string): void {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
}

function plain(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? `${v.name}: ${v.message}` : v;
  }
  return out;
}
