/**
 * The one WebSocket that feeds the islands' shared state (Fresh's "sharing
 * state between islands" recipe: module-level signals in `state.ts`).
 * It reconnects with backoff and catches up from the last message id it
 * saw; an idle close waits for the user instead.
 *
 * @module
 */
import { batch } from "@preact/signals";
import { type ChatMessage, mergeMessages, sameRoom } from "./messages.ts";
import { unpackFrames } from "./frames.ts";
import {
  channels,
  hasOlder,
  loadingOlder,
  me,
  messages,
  notice,
  participants,
  type RequestInfo,
  requests,
  room,
  status,
} from "./state.ts";

export type { ChatMessage } from "./messages.ts";
export * from "./state.ts";

const PAGE = 50;
let socket: WebSocket | null = null;
let attempts = 0;
let seeded = false;

/** Seeds the store from server-rendered props; later calls do nothing. */
export function seed(
  name: string,
  history: ChatMessage[],
  more: boolean,
): void {
  if (seeded) return;
  seeded = true;
  me.value = name;
  messages.value = history;
  hasOlder.value = more;
}

/** Opens the socket once per page. */
export function start(): void {
  if (socket || status.value === "idle") return;
  open();
}

/** Opens the socket again after an idle close. */
export function reconnect(): void {
  attempts = 0;
  notice.value = null;
  if (!socket) open();
}

/** Sends a frame; false (with a notice) when the socket is not ready. */
export function send(frame: Record<string, unknown>): boolean {
  if (
    !socket || socket.readyState !== WebSocket.OPEN ||
    status.value !== "connected"
  ) {
    notice.value = { text: "Not connected; please wait a moment", error: true };
    return false;
  }
  socket.send(JSON.stringify(frame));
  return true;
}

/** Sends a message to the room on screen. */
export function say(text: string): boolean {
  return send({ type: "say", text, channel: room.value });
}

/** Switches the screen to another room. */
export function enterRoom(channel: string | null): void {
  if (sameRoom(channel, room.value)) return;
  send(channel === null ? { type: "leave" } : { type: "join", channel });
}

/** Asks for the page of messages before the first loaded one. */
export function loadOlder(): void {
  const first = messages.value[0];
  if (!first || loadingOlder.value || !hasOlder.value) return;
  if (
    send({
      type: "history",
      channel: room.value,
      before: first.id,
      limit: PAGE,
    })
  ) {
    loadingOlder.value = true;
  }
}

function open(): void {
  status.value = attempts === 0 ? "connecting" : "reconnecting";
  const ws = new WebSocket(
    `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`,
  );
  socket = ws;
  // A frame is one event or, when the server batched, an array of them.
  ws.onmessage = (e) => batch(() => unpackFrames(e.data).forEach(receive));
  ws.onclose = (e) => {
    socket = null;
    if (e.code === 4000) {
      // The status bar says it, with a Reconnect button; no second notice.
      notice.value = null;
      status.value = "idle";
      return;
    }
    if (status.value === "signed_out") return;
    status.value = "reconnecting";
    const delay = Math.min(15_000, 500 * 2 ** attempts) *
      (0.75 + Math.random() / 2);
    attempts++;
    setTimeout(open, delay);
  };
}

// After every (re)connect: the server put us in the general chat, so go
// back to the room on screen, then fetch whatever was missed.
function resync(): void {
  status.value = "connected";
  attempts = 0;
  send({ type: "channels" });
  send({ type: "who" });
  send({ type: "requests" });
  if (room.value !== null) send({ type: "join", channel: room.value });
  catchUp();
}

function catchUp(): void {
  const last = messages.value.at(-1);
  send(
    last
      ? { type: "history", channel: room.value, after: last.id, limit: 200 }
      : { type: "history", channel: room.value, limit: PAGE },
  );
}

// deno-lint-ignore no-explicit-any
function receive(f: any): void {
  switch (f.type) {
    case "hello":
      me.value = f.name;
      return resync();
    case "message":
      if (sameRoom(f.channel, room.value)) {
        messages.value = mergeMessages(messages.value, [f]);
      }
      return;
    case "history":
      if (!sameRoom(f.channel, room.value)) return;
      messages.value = mergeMessages(messages.value, f.messages);
      if (f.after !== undefined && f.hasMore) catchUp();
      if (f.after === undefined) {
        hasOlder.value = f.hasMore;
        loadingOlder.value = false;
      }
      return;
    case "room":
      if (sameRoom(f.channel, room.value)) return;
      batch(() => {
        room.value = f.channel;
        messages.value = [];
        hasOlder.value = false;
      });
      return catchUp();
    case "presence":
      return markPresence(f.name, f.online);
    case "join_request":
      if (!requests.value.some((r) => sameRequest(r, f))) {
        requests.value = [...requests.value, {
          channel: f.channel,
          requester: f.requester,
        }];
      }
      return;
    case "access_changed":
      notice.value = {
        text: f.state === "granted"
          ? `You may now use #${f.channel}`
          : `Your request to join #${f.channel} was denied`,
        error: f.state !== "granted",
      };
      return void send({ type: "channels" });
    case "request":
      requests.value = requests.value.filter((r) => !sameRequest(r, f));
      notice.value = {
        text: f.state === "pending"
          ? `Asked the owner for access to #${f.channel}`
          : `${f.requester} was ${f.state} access to #${f.channel}`,
        error: false,
      };
      return void send({ type: "channels" });
    case "channel_created":
      notice.value = { text: `Created #${f.name}`, error: false };
      send({ type: "channels" });
      return enterRoom(f.name);
    case "channels":
      channels.value = f.items;
      return;
    case "participants":
      participants.value = f.items;
      return;
    case "requests":
      requests.value = f.items.map((r: RequestInfo) => ({
        channel: r.channel,
        requester: r.requester,
      }));
      return;
    case "system":
      notice.value = { text: f.text, error: false };
      return;
    case "error":
      if (f.code === "unauthorized") status.value = "signed_out";
      loadingOlder.value = false;
      notice.value = { text: f.message, error: true };
      return;
  }
}

function markPresence(name: string, online: boolean): void {
  const list = participants.value ?? [];
  const known = list.some((p) => p.name === name);
  participants.value = known
    ? list.map((p) => p.name === name ? { name, online } : p)
    : [...list, { name, online }];
}

function sameRequest(a: RequestInfo, b: RequestInfo): boolean {
  return sameRoom(a.channel, b.channel) &&
    a.requester.toLowerCase() === b.requester.toLowerCase();
}
