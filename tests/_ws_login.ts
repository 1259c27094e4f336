/**
 * Signs a WebSocket test client into a running server over real HTTP:
 * `POST /api/login` for a token, then the `auth` frame.
 *
 * @module
 */
import assert from "node:assert/strict";
import { frame, WsClient } from "./_web_helpers.ts";

/** Logs `name` in on the server at `httpPort` and waits for `hello`. */
export async function wsLogin(
  httpPort: number,
  name: string,
  password: string,
): Promise<WsClient> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  const ws = await WsClient.open(`ws://127.0.0.1:${httpPort}/ws`);
  ws.send({ type: "auth", token: body.token });
  await ws.expect(frame("hello", { name }));
  return ws;
}

/** A matcher for a live `message` frame with this text. */
export function said(text: string): (f: Record<string, unknown>) => boolean {
  return (f) => f.type === "message" && f.text === text;
}
