/**
 * Messages typed but not yet stored. Each is shown as pending and sent one
 * at a time, in order, to the room it was typed in; the server confirms
 * with `sent`. A flood or slow-mode refusal keeps it and tries again with
 * backoff; an outage keeps it until the socket is back; any other refusal
 * hands the text back to the composer with the reason. Nothing typed is
 * thrown away.
 *
 * @module
 */
import { sameRoom } from "./messages.ts";
import { sayFrame } from "./direct.ts";
import { savePending } from "./persist.ts";
import { FrameRefusal, isConnected, request } from "./socket.ts";
import { composerError, drafts } from "./drafts.ts";
import { me, type Pending, pending, room } from "./state.ts";

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 10_000;
let serial = 0;
let inFlight = false;
let retry: ReturnType<typeof setTimeout> | undefined;
let delay = FIRST_RETRY_MS;

/** Queues `text` for the room on screen and starts sending. */
export function queueMessage(text: string): void {
  const item = { key: `m${Date.now()}-${++serial}`, text, channel: room.value };
  update([...pending.value, item]);
  flushPending();
}

/** Sends the next pending message of the room on screen, if it may go now. */
export function flushPending(): void {
  if (inFlight || retry !== undefined || !isConnected()) return;
  const item = pending.value.find((p) => sameRoom(p.channel, room.value));
  if (!item) return;
  inFlight = true;
  request(sayFrame(item.channel, item.text), item.key)
    .then(() => {
      delay = FIRST_RETRY_MS;
      drop(item.key);
    }, (error: FrameRefusal) => refused(item, error))
    .finally(() => {
      inFlight = false;
      flushPending();
    });
}

function refused(item: Pending, error: FrameRefusal): void {
  if (error.code === "disconnected") return;
  if (error.code === "throttled") {
    update(
      pending.value.map((p) =>
        p.key === item.key ? { ...p, waiting: error.message } : p
      ),
    );
    retry = setTimeout(() => {
      retry = undefined;
      flushPending();
    }, delay);
    delay = Math.min(LAST_RETRY_MS, delay * 2);
    return;
  }
  // Refused for good (too long, not allowed): back into the composer.
  drop(item.key);
  const key = item.channel;
  const draft = drafts.get(key);
  drafts.set(key, draft ? `${item.text}\n${draft}` : item.text);
  composerError.value = { channel: key, message: error.message };
}

function drop(key: string): void {
  update(pending.value.filter((p) => p.key !== key));
}

function update(list: Pending[]): void {
  pending.value = list;
  savePending(me.value, list);
}
