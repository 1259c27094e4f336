/**
 * What the session sends to a connection. Transports render these: telnet
 * as text lines, WebSocket as JSON frames.
 *
 * @module
 */
import type { Channel, JoinRequest, Message } from "./types.ts";

/** A live event for one connection. */
export type ChatEvent =
  | { type: "message"; message: Message }
  | { type: "system"; text: string }
  | { type: "presence"; name: string; online: boolean }
  | { type: "join_request"; request: JoinRequest }
  | { type: "access_changed"; request: JoinRequest }
  | { type: "channel_created"; channel: Channel };

/** Why a connection ended; transports may show or send it. */
export type CloseReason =
  | "quit"
  | "idle"
  | "shutdown"
  | "replaced"
  | "error"
  | "transport"
  | "flooding"
  | "slow_consumer";

/** The idle disconnect notice, worded as the product specifies. */
export const IDLE_NOTICE = "you were idle for too long, disconnecting";

/** What clients are told when the server stops. */
export const SHUTDOWN_NOTICE = "server restarting";

/** What a participant who keeps flooding is told before the disconnect. */
export const FLOOD_NOTICE = "Disconnected: flooding";
