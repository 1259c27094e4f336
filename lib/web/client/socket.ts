/**
 * The page's one WebSocket: opening it (signed in by the session cookie),
 * reconnecting with backoff, and requests whose reply or refusal comes back
 * by `ref`. An idle close waits for the user; a refused sign-in sends the
 * page to the login form.
 *
 * @module
 */
import { batch } from "@preact/signals";
import { unpackFrames } from "./frames.ts";
import { clearNotice } from "./notices.ts";
import { status } from "./state.ts";

/** A refusal from the server (an `error` frame), or `disconnected`. */
export class FrameRefusal extends Error {
  /** The error frame's code, e.g. `throttled`. */
  readonly code: string;

  /** Creates the refusal for an error frame's code and words. */
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

// deno-lint-ignore no-explicit-any
type Frame = any;

let socket: WebSocket | null = null;
let attempts = 0;
let refs = 0;
let handle: (frame: Frame) => void = () => {};
const waiting = new Map<
  string,
  { resolve(frame: Frame): void; reject(error: FrameRefusal): void }
>();

/** Opens the socket once per page; every server frame goes to `onFrame`. */
export function connect(onFrame: (frame: Frame) => void): void {
  handle = onFrame;
  if (!socket && status.value !== "idle") open();
}

/** Opens the socket again after an idle close. */
export function reconnect(): void {
  attempts = 0;
  if (!socket) open();
}

/** Whether frames can go out now. */
export function isConnected(): boolean {
  return socket?.readyState === WebSocket.OPEN &&
    status.value === "connected";
}

/** Sends a frame; false when the socket is not ready. */
export function send(frame: Record<string, unknown>): boolean {
  if (!isConnected()) return false;
  socket!.send(JSON.stringify(frame));
  return true;
}

/** Sends a frame with a `ref`; settles with its reply, or its refusal. */
export function request(
  frame: Record<string, unknown>,
  ref = `r${++refs}`,
): Promise<Frame> {
  return new Promise((resolve, reject) => {
    if (!send({ ...frame, ref })) {
      return reject(new FrameRefusal("disconnected", "Not connected"));
    }
    waiting.set(ref, { resolve, reject });
  });
}

function open(): void {
  status.value = attempts === 0 ? "connecting" : "reconnecting";
  const ws = new WebSocket(
    `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}` +
      "/ws?auth=cookie",
  );
  socket = ws;
  // A frame is one event or, when the server batched, an array of them.
  ws.onmessage = (e) => batch(() => unpackFrames(e.data).forEach(answer));
  ws.onclose = (e) => {
    socket = null;
    for (const [ref, { reject }] of waiting) {
      waiting.delete(ref);
      reject(new FrameRefusal("disconnected", "Not connected"));
    }
    if (e.code === 4000) {
      // The banner says it, with a Reconnect button; no second notice.
      clearNotice();
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

// A reply settles its request; a refusal goes only to its requester.
function answer(frame: Frame): void {
  if (frame.type === "hello") attempts = 0;
  const waiter = frame.ref === undefined ? undefined : waiting.get(frame.ref);
  if (waiter) {
    waiting.delete(frame.ref);
    if (frame.type === "error") {
      return waiter.reject(new FrameRefusal(frame.code, frame.message));
    }
    waiter.resolve(frame);
  }
  handle(frame);
}
