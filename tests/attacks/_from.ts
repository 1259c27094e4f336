/**
 * Clients for the attack tests that connect FROM a chosen loopback address
 * (127.0.0.2, 127.0.0.3, …), so per-address limits see several hosts on
 * one machine. `Deno.connect` cannot bind a local address; `node:net` and
 * `node:http` can (`localAddress`), and the server then sees that address.
 *
 * @module
 */
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { Buffer } from "node:buffer";
import { type TestServer, until } from "../_support/mod.ts";

/** The attacker's address. */
export const ATTACKER = "127.0.0.2";
/** A bystander's address. */
export const BYSTANDER = "127.0.0.3";
/** Only 127.0.0.1 (the tests' own helpers) is trusted: the others count. */
export const COUNTED = { trustedAddresses: ["127.0.0.1"] };

/** An HTTP answer. */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request from `from`, on a fresh connection. */
export function httpFrom(
  from: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } =
    {},
): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      method: init.method ?? "GET",
      headers: init.headers,
      localAddress: from,
      agent: false,
    }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => body += chunk);
      res.on(
        "end",
        () => resolve({ status: res.statusCode!, headers: res.headers, body }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** `POST /api/login` from `from`. */
export function loginFrom(
  from: string,
  server: TestServer,
  name: string,
  password: string,
): Promise<Reply> {
  return httpFrom(from, `${server.httpBase}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password }),
  });
}

/** A form post from `from` (with the server's own origin). */
export function formFrom(
  from: string,
  server: TestServer,
  path: string,
  fields: Record<string, string>,
  cookie?: string,
): Promise<Reply> {
  return httpFrom(from, server.httpBase + path, {
    method: "POST",
    headers: {
      origin: server.httpBase,
      "content-type": "application/x-www-form-urlencoded",
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The `name=value` of a reply's session cookie. */
export function cookieOf(reply: Reply): string {
  const cookie = reply.headers["set-cookie"]?.[0]?.split(";")[0] ?? "";
  assert.match(cookie, /^parley_session=./, JSON.stringify(reply));
  return cookie;
}

/** A raw TCP client from one address: bytes out, text in, waits. */
export class RawClient {
  readonly socket: net.Socket;
  text = "";
  closed: Promise<void>;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.text += chunk.toString("latin1");
    });
    this.closed = new Promise((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => {});
  }

  /** Connects from `from` to `port` on 127.0.0.1. */
  static connect(from: string, port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({
        host: "127.0.0.1",
        port,
        localAddress: from,
      });
      socket.once("connect", () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Writes text (latin1) or bytes. */
  write(data: string | Uint8Array): void {
    this.socket.write(
      typeof data === "string" ? Buffer.from(data, "latin1") : data,
    );
  }

  /** Waits until the text received matches; returns it. */
  async expect(pattern: string | RegExp, timeoutMs = 5000): Promise<string> {
    await until(
      () =>
        typeof pattern === "string"
          ? this.text.includes(pattern)
          : pattern.test(this.text),
      `${pattern} in ${JSON.stringify(this.text.slice(-300))}`,
      { timeoutMs, intervalMs: 5 },
    );
    return this.text;
  }

  /** Closes the socket and waits for it. */
  async close(): Promise<void> {
    this.socket.destroy();
    await this.closed;
  }
}

/** A WebSocket opened by hand from `from` (upgrade written raw). */
export async function rawWebSocket(
  from: string,
  port: number,
): Promise<RawClient> {
  const client = await RawClient.connect(from, port);
  client.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
      "Sec-WebSocket-Version: 13\r\n\r\n",
  );
  await client.expect("\r\n\r\n");
  return client;
}

/** A masked client frame header for `length` payload bytes (mask of zeros). */
export function frameHeader(opcode: number, length: number): Uint8Array {
  const head = [0x80 | opcode];
  if (length < 126) head.push(0x80 | length);
  else if (length < 65536) head.push(0x80 | 126, length >> 8, length & 255);
  else {
    head.push(0x80 | 127, 0, 0, 0, 0);
    head.push(
      length >>> 24,
      (length >> 16) & 255,
      (length >> 8) & 255,
      length & 255,
    );
  }
  head.push(0, 0, 0, 0);
  return Uint8Array.from(head);
}

/**
 * The bystander check every attack test ends with: someone on another
 * address logs in over HTTP within `withinMs`, and `member` still chats.
 */
export async function assertBystander(
  server: TestServer,
  options: { name: string; withinMs: number },
): Promise<void> {
  const started = performance.now();
  const reply = await loginFrom(
    BYSTANDER,
    server,
    options.name,
    `${options.name}-password`,
  );
  const ms = performance.now() - started;
  assert.equal(reply.status, 200, reply.body);
  assert.ok(ms < options.withinMs, `bystander login took ${ms.toFixed(0)} ms`);
}
