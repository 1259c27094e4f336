/**
 * Between node:http and the web's `Request`/`Response`, for the node engine
 * (`serve_node.ts`): a request with its body streamed (and left unread when
 * the app cancels it past the cap), a response streamed back with every
 * `Set-Cookie`, and a response written raw on a socket that asked to upgrade.
 *
 * @module
 */
import { STATUS_CODES } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Buffer } from "node:buffer";

/**
 * `req` as a web `Request`, or null when its URL or headers do not make
 * one. `abandoned` is called when the app cancels the body unread.
 */
export function toRequest(
  req: IncomingMessage,
  options: { scheme: string; abandoned?: () => void },
): Request | null {
  const host = req.headers.host ??
    `${req.socket.localAddress}:${req.socket.localPort}`;
  const headers = new Headers();
  try {
    const url = new URL(`${options.scheme}://${host}${req.url ?? "/"}`);
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    }
    const method = req.method ?? "GET";
    const body = method === "GET" || method === "HEAD"
      ? null
      : bodyOf(req, options.abandoned);
    // A streamed body needs `duplex` (the DOM typings do not know it yet).
    const init = { method, headers, body, duplex: "half" } as RequestInit;
    return new Request(url, init);
  } catch {
    return null;
  }
}

// Reads only as fast as the app pulls, so a capped body stops at the cap.
function bodyOf(
  req: IncomingMessage,
  abandoned = () => {},
): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.pause();
      req.on("data", (chunk: Buffer) => {
        if (settled) return;
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        if (!settled) controller.close();
        settled = true;
      });
      req.once("close", () => {
        if (!settled) controller.error(new Error("The client went away"));
        settled = true;
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      settled = true;
      req.pause();
      abandoned();
    },
  }, { highWaterMark: 1 });
}

/** Writes `response` on `res`, streaming its body; stops when the client leaves. */
export async function writeResponse(
  res: ServerResponse,
  response: Response,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  const left = () => void reader.cancel().catch(() => {});
  res.once("close", left);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value) && !res.destroyed) await drained(res);
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off("close", left);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/**
 * Writes `response` whole on `socket` and closes it: the answer to an
 * upgrade request that was not upgraded (400, 403…).
 */
export async function writeRaw(
  socket: Socket,
  response: Response,
): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  const skip = ["set-cookie", "content-length", "transfer-encoding"];
  let head = `HTTP/1.1 ${response.status} ${
    STATUS_CODES[response.status] ?? ""
  }\r\n`;
  for (const [name, value] of response.headers) {
    if (!skip.includes(name) && name !== "connection") {
      head += `${name}: ${value}\r\n`;
    }
  }
  for (const cookie of response.headers.getSetCookie()) {
    head += `set-cookie: ${cookie}\r\n`;
  }
  head += `content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
  closeAfter(socket, Buffer.concat([Buffer.from(head, "latin1"), body]));
}

/** Writes `data` and then destroys `socket`, whether or not the client reads on. */
export function closeAfter(socket: Socket, data: Uint8Array): void {
  if (socket.destroyed) return;
  socket.end(data, () => socket.destroy());
  // A client that never reads must not keep the socket either.
  socket.setTimeout(5_000, () => socket.destroy());
}
