/**
 * Transfer: compressed text responses, ETags, and cache lifetimes. Bundle
 * chunks carry a content hash in their names and the boot script and
 * stylesheet are linked with `?v=<hash>`, so all of them may be cached for
 * a year (`immutable`); pages and unversioned files are revalidated with
 * their ETag on every use.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { compress } from "hono/compress";
import { etag } from "hono/etag";

/** `Cache-Control` of content that never changes under its URL. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
// `deno bundle` names chunks `<name>-<8 hash characters>.js`.
const HASHED_CHUNK = /^\/_fresh\/js\/[\w-]+-[A-Z0-9]{8}\.js$/;

/** Versioned URLs of files whose own URL carries no hash. */
export interface AssetVersions {
  /** `path` with `?v=<hash of its content>`; `path` itself when unknown. */
  url(path: string): string;
  /** Whether `v` is the current version of `path`. */
  current(path: string, v: string | null): boolean;
}

/** Hashes each file once (URL path → file on disk); a missing file gets no version. */
export async function assetVersions(
  files: Record<string, string>,
): Promise<AssetVersions> {
  const versions = new Map<string, string>();
  await Promise.all(
    Object.entries(files).map(async ([path, file]) => {
      try {
        const bytes = await Deno.readFile(file);
        const digest = await crypto.subtle.digest("SHA-256", bytes);
        const hex = [...new Uint8Array(digest).slice(0, 6)]
          .map((b) => b.toString(16).padStart(2, "0")).join("");
        versions.set(path, hex);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }),
  );
  return {
    url(path) {
      const v = versions.get(path);
      return v ? `${path}?v=${v}` : path;
    },
    current: (path, v) => v !== null && versions.get(path) === v,
  };
}

/**
 * The transfer middleware: gzip for text over 1 KiB, an ETag (and 304) for
 * every GET answered 200, and a `Cache-Control` where the route set none.
 */
export function transfer(
  versions: () => Promise<AssetVersions>,
): MiddlewareHandler {
  const zip = compress();
  const tag = etag();
  return (c, next) =>
    zip(c, async () => {
      await tag(c, async () => {
        await next();
        if (c.res.status !== 200 || c.res.headers.has("Cache-Control")) return;
        const url = new URL(c.req.url);
        const path = url.pathname;
        const fixed = HASHED_CHUNK.test(path) ||
          (await versions()).current(path, url.searchParams.get("v"));
        const html = c.res.headers.get("Content-Type")?.startsWith("text/html");
        c.res.headers.set(
          "Cache-Control",
          fixed ? IMMUTABLE : html ? "private, no-cache" : "no-cache",
        );
      });
    });
}
