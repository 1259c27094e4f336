/**
 * Session tokens: a sign-in's id, its participant's name and its expiry,
 * signed with HMAC-SHA-256. The signature proves the token was issued
 * here; the sign-in itself is stored (see `Session.signIns`), so a
 * logout on any instance ends it. The key is `CHAT_SESSION_SECRET`, or
 * else one generated once and kept in storage (`Session.signingKey`), so
 * restarts and instances share it with no setup.
 *
 * @module
 */
import { SIGN_IN_TTL_MS, type SignIn } from "../chat/mod.ts";

/** The session cookie's name. */
export const COOKIE_NAME = "parley_session";
/** How long a sign-in (and so its cookie) lasts, in seconds. */
export const SESSION_TTL_SECONDS = SIGN_IN_TTL_MS / 1000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What a valid token says. */
export interface TokenClaims {
  /** The participant. */
  name: string;
  /** The sign-in's id, to check it is still stored. */
  signIn: string;
}

/** Options for `createTokenSigner`. */
export interface TokenSignerOptions {
  /** The clock, in milliseconds; tests move it. */
  now?: () => number;
}

/** Issues and checks signed session tokens. */
export interface TokenSigner {
  /** A token for a stored sign-in, valid until it expires. */
  issue(signIn: SignIn): Promise<string>;
  /** The claims of a well-signed, unexpired token; null for anything else. */
  verify(token: string | undefined | null): Promise<TokenClaims | null>;
}

/**
 * Creates a signer over a secret (any length; it is the HMAC key), or over
 * a loader of one, called when first needed and again after a failure.
 */
export function createTokenSigner(
  secret: string | (() => Promise<string>),
  options: TokenSignerOptions = {},
): TokenSigner {
  const now = options.now ?? Date.now;
  const load = typeof secret === "string"
    ? () => Promise.resolve(secret)
    : secret;
  let key: Promise<CryptoKey> | undefined;
  const getKey = () =>
    key ??= load().then((raw) =>
      crypto.subtle.importKey(
        "raw",
        encoder.encode(raw),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign", "verify"],
      )
    ).catch((error) => {
      key = undefined;
      throw error;
    });
  return {
    async issue(signIn) {
      const claims = { n: signIn.name, s: signIn.id, e: signIn.expiresAt };
      const body = base64url(encoder.encode(JSON.stringify(claims)));
      const mac = await crypto.subtle.sign("HMAC", await getKey(), ascii(body));
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
        await getKey(),
        sig,
        ascii(body),
      );
      if (!ok) return null;
      try {
        const claims = JSON.parse(decoder.decode(unbase64url(body)!));
        if (
          typeof claims.n !== "string" || typeof claims.s !== "string" ||
          typeof claims.e !== "number" || claims.e <= now()
        ) {
          return null;
        }
        return { name: claims.n, signIn: claims.s };
      } catch {
        return null;
      }
    },
  };
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
