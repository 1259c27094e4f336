/**
 * Write plumbing shared by the telnet and WebSocket transports: each
 * broadcast is encoded once, queued output leaves in paced shared flushes,
 * and identical queues in a flush are joined once.
 *
 * @module
 */
export { EncodeOnce } from "./encode_once.ts";
export { FlushPacer, MAX_SPACING_MS, spacingMs } from "./flush_pacer.ts";
export { JoinMemo } from "./join_memo.ts";
