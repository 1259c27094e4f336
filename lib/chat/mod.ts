/**
 * The chat core's public surface: domain types and rules, the ports that
 * storage, buses, metrics and logs plug into, and the session every
 * transport drives. Code outside `lib/chat/` imports from here only; the
 * core knows nothing of TCP, WebSocket, HTTP, Redis or DynamoDB.
 *
 * @module
 */
export type {
  Account,
  Channel,
  HistoryPage,
  HistoryQuery,
  JoinRequest,
  JoinRequestState,
  ListPage,
  ListQuery,
  Message,
  MessageDraft,
  Participant,
} from "./types.ts";
export { MAX_PAGE, pageLimit } from "./types.ts";
export { fail, ok, type Result } from "./result.ts";
export { ChatError, type ChatErrorCode } from "./errors.ts";
export { type ChatEvent, type CloseReason, FLOOD_NOTICE } from "./events.ts";
export {
  EXISTING_NAME,
  MAX_MESSAGE_BYTES,
  NAME_LENGTH_CEILING,
  validateChannelName,
  validateEmail,
  validateMessageText,
  validateName,
} from "./validation.ts";
export {
  DEFAULT_LIMITS,
  type Limits,
  nameRule,
  resolveLimits,
} from "./limits.ts";
export { noSuchChannel, notAMember } from "./failures.ts";
export {
  DEFAULT_PBKDF2_ITERATIONS,
  HASH_CONCURRENCY,
  hashingLoad,
  type HashOptions,
  hashPassword,
  sha256Hex,
  timingSafeEqual,
  verifyPassword,
} from "./password.ts";
export { type Backend, nameKey } from "./backend.ts";
export {
  type HistoryWindow,
  historyWindow,
  isMessageId,
  MAX_MESSAGE_ID,
} from "./rules/history_window.ts";
export {
  type AccountDraft,
  checkCredentials,
  type Login,
  registerAccount,
} from "./rules/account.ts";
export {
  decideRequest,
  type Decision,
  isOwner,
  mayUse,
  requestAccess,
  setSlowMode,
  type SlowModeChange,
} from "./rules/channel_access.ts";
export { type Bus, type BusHandler, MemoryBus } from "./bus.ts";
export { LocalTopics } from "./local_topics.ts";
export {
  PRESENCE_REFRESH_MS,
  PRESENCE_TTL_MS,
  PresenceHeartbeat,
  type PresenceStore,
} from "./presence.ts";
export type { ChatCounter, ChatMetrics } from "./metrics_port.ts";
export { type LogFields, type Logger, silentLogger } from "./logger.ts";
export { Connection, type ConnectionSink } from "./connection.ts";
export { Session } from "./session.ts";
