/**
 * What the session sends to a connection. Transports render these: telnet
 * as text lines, WebSocket as JSON frames.
 *
 * @module
 */
import type { Channel, DirectMessage, Message, Room } from "./types.ts";
import type { Notice } from "./notices.ts";

/**
 * A notice as an event. `noticeId` is its id in the recipient's inbox when
 * it was stored there: the instance that delivers it acknowledges it.
 */
export type NoticeEvent = Notice & { noticeId?: number };

/** A live event for one connection. */
export type ChatEvent =
  | { type: "message"; message: Message }
  /** On both participants' topics; the recipient's copy carries `noticeId`. */
  | { type: "direct"; message: DirectMessage; noticeId?: number }
  | { type: "system"; text: string }
  | { type: "presence"; name: string; online: boolean }
  | { type: "channel_created"; channel: Channel }
  /** A channel changed hands or slow mode (on the channels topic). */
  | { type: "channel_updated"; channel: Channel }
  /** The server moved this connection (e.g. out of a channel it lost). */
  | { type: "room"; channel: string | null }
  /** Its participant has read `room` up to `id` (on any connection). */
  | { type: "read"; room: Room; id: number }
  | NoticeEvent;

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
