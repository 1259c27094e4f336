/**
 * Stateless sessions: a token is the participant's name and an expiry,
 * signed with HMAC-SHA-256. Every instance that shares the secret accepts
 * it, so the cookie and the API token need no storage.
 *
 * @module
 */

/** The session cookie's name. */
export const COOKIE_NAME = "parley_session";
/** How long a sign-in lasts, in seconds. */
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Options for `createTokenSigner`. */
export interface TokenSignerOptions {
  /** Token lifetime in seconds; defaults to `SESSION_TTL_SECONDS`. */
  ttlSeconds?: number;
  /** The clock, in milliseconds; tests move it. */
  now?: () => number;
}

/** Issues and checks signed session tokens. */
export interface TokenSigner {
  /** A token naming `name`, valid for the configured lifetime. */
  issue(name: string): Promise<string>;
  /** The name in a valid, unexpired token; null for anything else. */
  verify(token: string | undefined | null): Promise<string | null>;
}

/** Creates a signer over a secret (any length; it is the HMAC key). */
export function createTokenSigner(
  secret: string,
  options: TokenSignerOptions = {},
): TokenSigner {
  const ttl = (options.ttlSeconds ?? SESSION_TTL_SECONDS) * 1000;
  const now = options.now ?? Date.now;
  const key = crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  return {
    async issue(name) {
      const body = base64url(
        encoder.encode(JSON.stringify({ n: name, e: now() + ttl })),
      );
      const mac = await crypto.subtle.sign("HMAC", await key, ascii(body));
      return `${body}.${base64url(new Uint8Array(mac))}`;
    },
    async verify(token) {
      const [body, mac, extra] = (token ?? "").split(".");
      if (!body || !mac || extra !== undefined) return null;
      const sig = unbase64url(mac);
      if (!sig) return null;
      // crypto.subtle.verify compares in constant time.
      const ok = await crypto.subtle.verify(
        "HMAC",
        await key,
        sig,
        ascii(body),
      );
      if (!ok) return null;
      try {
        const claims = JSON.parse(decoder.decode(unbase64url(body)!));
        if (typeof claims.n !== "string" || typeof claims.e !== "number") {
          return null;
        }
        return claims.e > now() ? claims.n : null;
      } catch {
        return null;
      }
    },
  };
}

/** A fresh random secret, for when none is configured. */
export function randomSecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function ascii(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function unbase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
