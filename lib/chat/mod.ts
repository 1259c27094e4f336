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
  Block,
  Channel,
  Conversation,
  Direct,
  DirectDraft,
  DirectMessage,
  HistoryPage,
  HistoryQuery,
  JoinRequest,
  JoinRequestState,
  ListPage,
  ListQuery,
  Message,
  MessageDraft,
  Participant,
  Presence,
  Room,
  RosterState,
  SignIn,
  Standing,
  StandingChange,
} from "./model/types.ts";
export { isDirect, MAX_PAGE, pageLimit, sameRoom } from "./model/types.ts";
export type {
  LossReason,
  Notice,
  NoticePage,
  StoredNotice,
} from "./model/notices.ts";
export { fail, ok, type Result } from "./model/result.ts";
export {
  ChatError,
  type ChatErrorCode,
  type ChatErrorOptions,
} from "./model/errors.ts";
export {
  type ChatEvent,
  type CloseReason,
  FLOOD_NOTICE,
  type NoticeEvent,
} from "./model/events.ts";
export {
  EXISTING_NAME,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGE_LINES,
  MIN_PASSWORD_LENGTH,
  NAME_LENGTH_CEILING,
  validateChannelName,
  validateEmail,
  validateMessageText,
  validateName,
  validatePassword,
} from "./rules/validation.ts";
export {
  DEFAULT_LIMITS,
  type Limits,
  nameRule,
  resolveLimits,
} from "./rules/limits.ts";
export { noSuchChannel, notAMember } from "./rules/failures.ts";
export {
  DEFAULT_PBKDF2_ITERATIONS,
  HASH_CONCURRENCY,
  hashingLoad,
  type HashOptions,
  hashPassword,
  sha256Hex,
  timingSafeEqual,
  verifyPassword,
} from "./rules/password.ts";
export { type Backend, nameKey } from "./ports/backend.ts";
export type { SignInStore } from "./ports/sign_ins.ts";
export {
  isSignInId,
  SIGN_IN_CACHE_MS,
  SIGN_IN_TTL_MS,
} from "./actions/sign_ins.ts";
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
  requestAccess,
  setSlowMode,
  type SlowModeChange,
} from "./rules/channel_access.ts";
export {
  moderate,
  type Moderation,
  type ModerationKind,
  partChannel,
  STANDING_CHANGES,
  transferOwnership,
} from "./rules/moderation.ts";
export { directPair } from "./rules/direct.ts";
export type { Bus, BusHandler } from "./ports/bus.ts";
export { MemoryBus, type MemoryBusOptions } from "./session/memory_bus.ts";
export {
  CHANNELS_TOPIC,
  PRESENCE_TOPIC,
  roomTopic,
  userTopic,
} from "./model/topics.ts";
export type { PresenceStore } from "./ports/presence.ts";
export type { ChatCounter, ChatMetrics } from "./ports/metrics.ts";
export { type LogFields, type Logger, silentLogger } from "./ports/logger.ts";
export { Connection, type ConnectionSink } from "./session/connection.ts";
export type { Member } from "./session/hub.ts";
export type { ChannelAccess, Members } from "./actions/membership.ts";
export type { RoomUnread } from "./actions/unread.ts";
export { mentionedNames, mentions } from "./rules/mentions.ts";
export type { ConversationUnread } from "./actions/direct.ts";
export type { AnyMessage } from "./actions/rooms.ts";
export type { ChannelModeration } from "./session/channel_moderation.ts";
export type { DirectMessages } from "./session/direct_messages.ts";
export {
  type Access,
  accessOf,
  FILING_REFUSALS,
  filingRefusal,
  isOwner,
  mayUse,
  pendingRequest,
} from "./rules/access.ts";
export {
  type ConnectInfo,
  type Health,
  Session,
  type SessionOptions,
} from "./session/session.ts";
export { type Clock, systemClock } from "./ports/clock.ts";
