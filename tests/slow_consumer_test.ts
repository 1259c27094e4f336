import assert from "node:assert/strict";
import type { ChatCounter, ChatMetrics } from "../lib/chat/mod.ts";
import { SocketWriter } from "../lib/telnet/writer.ts";
import { assertBystanderChats, startServer, until } from "./_support/mod.ts";

const encoder = new TextEncoder();

/** A sink whose writes never complete: a client that stopped reading. */
const stuck = { write: () => new Promise<number>(() => {}) };

Deno.test("slow consumer writer gives up past its message bound", () => {
  let overflows = 0;
  const writer = new SocketWriter(stuck, {
    maxQueuedMessages: 10,
    onOverflow: () => overflows++,
  });
  // Ten writes queue for the next turn; the eleventh overflows.
  for (let i = 0; i < 20; i++) writer.write(Uint8Array.of(65));
  assert.equal(overflows, 1, "called once");
  assert.equal(writer.queuedBytes, 0, "the queue was released");
});

Deno.test("slow consumer writer gives up past its byte bound", () => {
  let overflows = 0;
  const writer = new SocketWriter(stuck, {
    maxQueuedBytes: 1000,
    onOverflow: () => overflows++,
  });
  for (let i = 0; i < 5; i++) writer.write(new Uint8Array(400));
  assert.equal(overflows, 1);
});

/** Counts what the session reports, for assertions. */
class Counts implements ChatMetrics {
  readonly counts = new Map<string, number>();
  count(counter: ChatCounter, label = "", by = 1): void {
    const key = `${counter}:${label}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }
  backendLatency(): void {}
}

/** A raw reader that records, per marker, how long delivery took. */
class Reader {
  latencies = new Map<number, number>();
  #conn: Deno.TcpConn;
  #tail = "";
  #done: Promise<void>;
  welcomed = Promise.withResolvers<void>();

  constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
    this.#done = this.#read();
  }

  static async join(port: number, name: string): Promise<Reader> {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const reader = new Reader(conn);
    await conn.write(
      encoder.encode(
        `/register ${name} ${name}-password ${name}@example.com\r\n`,
      ),
    );
    await reader.welcomed.promise;
    return reader;
  }

  async #read(): Promise<void> {
    const buf = new Uint8Array(65536);
    const decoder = new TextDecoder();
    try {
      while (true) {
        const n = await this.#conn.read(buf);
        if (n === null) return;
        const lines = (this.#tail + decoder.decode(buf.subarray(0, n)))
          .split("\r\n");
        this.#tail = lines.pop()!;
        const now = Date.now();
        for (const line of lines) {
          if (line.includes("* Welcome")) this.welcomed.resolve();
          const m = line.match(/<sam> m(\d+) at (\d+)/);
          if (m) this.latencies.set(Number(m[1]), now - Number(m[2]));
        }
      }
    } catch {
      // Closed at the end of the test.
    }
  }

  async close(): Promise<void> {
    try {
      this.#conn.close();
    } catch { /* already closed */ }
    await this.#done;
  }
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
}

Deno.test({
  name:
    "slow consumer is dropped while 200 readers keep their latency and get every message",
  async fn() {
    const metrics = new Counts();
    const server = await startServer({
      limits: { msgRate: 0 },
      maxQueuedBytes: 256 * 1024,
      maxQueuedMessages: 1000,
      metrics,
    });
    const readers: Reader[] = [];
    let staller: Deno.TcpConn | undefined;
    try {
      // History the stalled client will ask for again and again: ~600 KB a time.
      for (let i = 0; i < 200; i++) {
        await server.backend.storeMessage({
          sender: "old",
          sentAt: Date.now(),
          text: `${i} ${"h".repeat(3000)}`,
          channel: null,
        });
      }
      for (let batch = 0; batch < 10; batch++) {
        readers.push(
          ...await Promise.all(
            Array.from(
              { length: 20 },
              (_, i) => Reader.join(server.port, `reader${batch * 20 + i}`),
            ),
          ),
        );
      }
      const sam = await server.member("sam");
      const round = async (from: number, count: number) => {
        for (let i = from; i < from + count; i++) {
          await sam.send(`m${i} at ${Date.now()}`);
          await new Promise((r) => setTimeout(r, 20));
        }
        await until(
          () => readers.every((r) => r.latencies.size >= from + count),
          "every reader gets every message",
          { timeoutMs: 20_000, intervalMs: 50 },
        );
        return readers.flatMap((r) =>
          [...r.latencies].filter(([m]) => m >= from).map(([, l]) => l)
        );
      };

      const before = p99(await round(0, 20));

      staller = await Deno.connect({
        hostname: "127.0.0.1",
        port: server.port,
      });
      await staller.write(
        encoder.encode("/register stall stall-password stall@example.com\r\n"),
      );
      await until(() => server.session.isOnline("stall"), "stall logs in");
      // It never reads; each /history queues ~600 KB for it.
      await staller.write(encoder.encode("/history 200\r\n".repeat(20)));
      const during = p99(await round(20, 20));

      await until(
        () => (metrics.counts.get("queue_drops:telnet") ?? 0) > 0,
        "the stalled client is dropped",
        { timeoutMs: 20_000, intervalMs: 50 },
      );
      assert.equal(server.session.isOnline("stall"), false);
      assert.equal(metrics.counts.get("disconnects:slow_consumer"), 1);
      console.log(
        `p99 before ${before} ms, with a stalled client ${during} ms`,
      );
      // Generous on purpose: CI machines are noisy; a blocked fan-out would
      // take seconds, not this.
      assert.ok(during < 1500, `p99 ${during} ms with the stalled client`);
      await assertBystanderChats(server, sam, "sam goes on");
    } finally {
      try {
        staller?.close();
      } catch { /* closed by the server */ }
      await Promise.all(readers.map((r) => r.close()));
      await server.close();
    }
  },
});
