/**
 * The runtime's ceiling for the telnet path: a bare Deno TCP server that
 * sends every complete input line to every connection, with a per-socket
 * queue that joins pending bytes into one write, as Parley's writer does.
 * Run: `deno run --allow-net=127.0.0.1 bench/baseline_tcp.ts`.
 *
 * @module
 */
import { collectOnSignal } from "./load/gc_signal.ts";

// The load tool collects garbage before reading memory, as for Parley.
collectOnSignal();
const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const peers = new Set<
  { conn: Deno.Conn; queue: Uint8Array[]; busy: boolean }
>();
// Same line as main.ts, so the load tool finds the port the same way.
console.log(`telnet listening on 127.0.0.1:${listener.addr.port}`);

async function drain(
  peer: { conn: Deno.Conn; queue: Uint8Array[]; busy: boolean },
) {
  peer.busy = true;
  try {
    while (peer.queue.length > 0) {
      const parts = peer.queue.splice(0);
      const bytes = parts.length === 1 ? parts[0] : concat(parts);
      for (let at = 0; at < bytes.length;) {
        at += await peer.conn.write(bytes.subarray(at));
      }
    }
  } catch { /* peer gone */ }
  peer.busy = false;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

for await (const conn of listener) {
  // As Parley does: without it Nagle holds small lines back for tens of ms.
  conn.setNoDelay(true);
  const peer = { conn, queue: [] as Uint8Array[], busy: false };
  peers.add(peer);
  (async () => {
    // The same read buffer as Parley's telnet client, for a fair memory ceiling.
    const buffer = new Uint8Array(2048);
    let carry = new Uint8Array(0);
    try {
      for (let n; (n = await conn.read(buffer)) !== null;) {
        const data = concat([carry, buffer.subarray(0, n)]);
        const end = data.lastIndexOf(10) + 1;
        carry = data.slice(end);
        if (end === 0) continue;
        // Encoded once, shared by every recipient.
        const lines = data.slice(0, end);
        for (const p of peers) {
          p.queue.push(lines);
          if (!p.busy) drain(p);
        }
      }
    } catch { /* reset */ }
    peers.delete(peer);
    conn.close();
  })();
}
