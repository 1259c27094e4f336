/**
 * Reading request bodies safely. Every body is capped (`MAX_BODY_BYTES`,
 * enforced for the whole app in `app.ts` from `Content-Length` and while
 * streaming), and a route reads it only as the one type it accepts: any
 * other type is a 415 and a malformed body a 400, never a 500.
 *
 * @module
 */
import { HttpError } from "./http_errors.ts";

/** The largest request body any route accepts: forms and JSON are tiny. */
export const MAX_BODY_BYTES = 8 * 1024;

/**
 * `req` with its body read into memory, or null when the body is larger
 * than `maxBytes`: refused from `Content-Length` before anything is read,
 * or while streaming as soon as the cap is passed, and then cancelled so
 * the rest is never read. (Hono's `bodyLimit` leaves the stream open.)
 */
export async function boundedRequest(
  req: Request,
  maxBytes: number,
): Promise<Request | null> {
  if (!req.body) return req;
  const declared = req.headers.get("content-length");
  if (declared !== null && !req.headers.has("transfer-encoding")) {
    if (Number(declared) > maxBytes) {
      await req.body.cancel().catch(() => {});
      return null;
    }
    return req;
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return new Request(req, { body });
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** The request's form fields; 415 for another content type, 400 when malformed. */
export async function readForm(req: Request): Promise<FormData> {
  requireType(
    req,
    FORM_TYPES,
    "Send the form as application/x-www-form-urlencoded",
  );
  try {
    return await req.formData();
  } catch (cause) {
    throw new HttpError(400, "The form could not be read", { cause });
  }
}

/** The request's JSON value; 415 unless `application/json`, 400 when malformed. */
export async function readJson(req: Request): Promise<unknown> {
  requireType(
    req,
    ["application/json"],
    "Send JSON with Content-Type: application/json",
  );
  try {
    return await req.json();
  } catch (cause) {
    throw new HttpError(400, "The body is not valid JSON", { cause });
  }
}

function requireType(req: Request, allowed: string[], message: string): void {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim()
    .toLowerCase();
  if (!allowed.includes(type)) throw new HttpError(415, message);
}
