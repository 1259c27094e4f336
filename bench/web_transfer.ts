/**
 * What a browser downloads for the chat page: the HTML (signed in, the
 * general chat holding a full first page of 50 messages), the stylesheet
 * and every script the page loads, each raw and as sent with
 * `Accept-Encoding: gzip`, and the headers that decide caching.
 * Run: `deno task build && deno run -A bench/web_transfer.ts`; the table
 * in docs/web.md ("Transfer") comes from it.
 *
 * @module
 */
import { MemoryBackend } from "../lib/backends/memory.ts";
import { Session } from "../lib/chat/mod.ts";
import { createApp } from "../lib/web/mod.ts";

const backend = new MemoryBackend();
const session = new Session(backend, { idleTimeoutMs: 0 });
await session.register("alice", "password-1", "alice@example.org");
for (let i = 0; i < 50; i++) {
  await backend.storeMessage({
    sender: i % 2 ? "alice" : "bob",
    sentAt: Date.now() - 3_600_000 + i * 60_000,
    text: `A line of everyday chat, number ${i}, with a few more words in it.`,
    channel: null,
  });
}
const app = createApp(session, { secret: "bench" });
const origin = "http://127.0.0.1:8000";
const login = await app.request(`${origin}/login`, {
  method: "POST",
  headers: { origin },
  body: new URLSearchParams({ name: "alice", password: "password-1" }),
});
const cookie = login.headers.get("set-cookie")!.split(";")[0];

interface Row {
  path: string;
  raw: number;
  sent: number;
  encoding: string;
  cache: string;
  etag: boolean;
}

async function measure(path: string): Promise<Row> {
  const get = (encoding: string) =>
    app.request(origin + path, {
      headers: { cookie, "accept-encoding": encoding },
    });
  const plain = await get("identity");
  const zipped = await get("gzip, deflate, br");
  const raw = (await plain.arrayBuffer()).byteLength;
  const sent = (await zipped.arrayBuffer()).byteLength;
  return {
    path,
    raw,
    sent,
    encoding: zipped.headers.get("content-encoding") ?? "none",
    cache: zipped.headers.get("cache-control") ?? "(none)",
    etag: zipped.headers.has("etag"),
  };
}

const html =
  await (await app.request(`${origin}/chat`, { headers: { cookie } }))
    .text();
const links = [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:css|js)[^"]*)"/g)]
  .map((m) => m[1].replaceAll("&amp;", "&"));
// Every chunk the boot script reaches (the chat page uses every island).
const scripts = new Set<string>();
const queue = [links.find((l) => l.includes("client_entry"))!];
while (queue.length > 0) {
  const text = await (await app.request(origin + queue.shift()!)).text();
  for (const m of text.matchAll(/"\.\/([\w-]+\.js)"/g)) {
    const path = `/_fresh/js/${m[1]}`;
    if (!scripts.has(path)) queue.push(path), scripts.add(path);
  }
}
const rows = [await measure("/chat")];
for (const path of [...links, ...scripts]) rows.push(await measure(path));

const kb = (n: number) => (n / 1024).toFixed(1);
const js = rows.filter((r) => r.path.includes(".js"));
console.log("| file | raw KB | sent KB | encoding | Cache-Control | ETag |");
console.log("| --- | ---: | ---: | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| \`${r.path.replace(/\?v=\w+/, "?v=…")}\` | ${kb(r.raw)} | ${
      kb(r.sent)
    } | ${r.encoding} | ${r.cache} | ${r.etag ? "yes" : "no"} |`,
  );
}
const sum = (list: Row[], key: "raw" | "sent") =>
  list.reduce((n, r) => n + r[key], 0);
console.log(
  `| all JavaScript (${js.length} files) | ${kb(sum(js, "raw"))} | ${
    kb(sum(js, "sent"))
  } | | | |`,
);
console.log(
  `| everything | ${kb(sum(rows, "raw"))} | ${kb(sum(rows, "sent"))} | | | |`,
);
session.close();
await backend.close();
