/**
 * The browser's chat state: module-level signals every island reads, so
 * that islands hydrated separately share one view of the chat.
 *
 * @module
 */
import { signal } from "@preact/signals";
import type { ChatMessage } from "./messages.ts";

/** Where the socket stands, as the page shows it. */
export type Status =
  | "connecting"
  | "connected"
  | "reconnecting"
  | "idle"
  | "signed_out";

/** A channel and where the user stands towards it. */
export interface ChannelInfo {
  name: string;
  owner: string;
  access: "owner" | "member" | "pending" | "denied" | "none";
}

/** A join request as the inbox shows it. */
export interface RequestInfo {
  channel: string;
  requester: string;
}

/** True in the browser, false while the server renders. */
export const IS_BROWSER = typeof document !== "undefined";
/** The signed-in participant. */
export const me = signal("");
/** The socket's state. */
export const status = signal<Status>("connecting");
/** The room on screen: a channel name, or null for the general chat. */
export const room = signal<string | null>(null);
/** The room's loaded messages, oldest first, no duplicate ids. */
export const messages = signal<ChatMessage[]>([]);
/** Whether older messages exist before the first loaded one. */
export const hasOlder = signal(false);
/** Whether a page of older messages is on its way. */
export const loadingOlder = signal(false);
/** Every channel, with the user's access. */
export const channels = signal<ChannelInfo[] | null>(null);
/** Pending requests for the user's channels. */
export const requests = signal<RequestInfo[]>([]);
/** Participants, each marked online or not. */
export const participants = signal<
  Array<{ name: string; online: boolean }> | null
>(null);
/** The latest notice for the user. */
export const notice = signal<{ text: string; error: boolean } | null>(null);
