import assert from "node:assert/strict";
import { spacingMs } from "../lib/fanout/mod.ts";
import { SocketWriter } from "../lib/telnet/writer.ts";

/** A sink whose writes complete only when the test says so. */
class HeldSink {
  /** When each write call arrived (performance.now()). */
  calls: number[] = [];
  #pending: (() => void)[] = [];

  write(p: Uint8Array): Promise<number> {
    this.calls.push(performance.now());
    return new Promise((resolve) =>
      this.#pending.push(() => resolve(p.length))
    );
  }

  /** Completes every write in flight. */
  release(): void {
    for (const done of this.#pending.splice(0)) done();
  }
}

const byte = Uint8Array.of(65);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await tick();
  assert.ok(check(), "condition reached");
}

Deno.test("socket writer paces by every busy writer, not one flush's", async () => {
  const sinks = Array.from({ length: 1000 }, () => new HeldSink());
  const writers = sinks.map((s) => new SocketWriter(s));
  for (const w of writers) w.write(byte);
  await until(() => sinks.every((s) => s.calls.length === 1));

  // Ten writes complete while 990 are still in flight; those ten have more
  // queued, so each waits for the next flush.
  const few = sinks.slice(0, 10);
  const flushes = async () => {
    for (const [i, s] of few.entries()) {
      writers[i].write(byte);
      s.release();
    }
    const calls = few[0].calls.length;
    await until(() => few.every((s) => s.calls.length === calls + 1));
    return few[0].calls[calls];
  };
  const second = await flushes();
  const third = await flushes();
  // A flush of ten sockets alone would allow the next at once; the thousand
  // engaged ones keep the spacing of a thousand-socket room.
  assert.ok(
    third - second >= spacingMs(1000) - 1,
    `next flush after ${(third - second).toFixed(2)} ms`,
  );

  for (const s of sinks) s.release();
  for (const w of writers) await w.flush();
});

/** A sink that records what it was given and completes at once. */
class RecordingSink {
  written: Uint8Array[] = [];
  write(p: Uint8Array): Promise<number> {
    this.written.push(p);
    return Promise.resolve(p.length);
  }
}

Deno.test("socket writer joins a room's identical queues once per flush", async () => {
  const lines = ["a\r\n", "b\r\n", "c\r\n"].map((l) =>
    new TextEncoder().encode(l)
  );
  const private_ = new TextEncoder().encode("whisper\r\n");
  const sinks = Array.from({ length: 4 }, () => new RecordingSink());
  const writers = sinks.map((s) => new SocketWriter(s));
  for (const line of lines) for (const w of writers) w.write(line);
  writers[3].write(private_);
  await Promise.all(writers.map((w) => w.flush()));

  const [first, second, third, fourth] = sinks.map((s) => s.written);
  assert.equal(new TextDecoder().decode(first[0]), "a\r\nb\r\nc\r\n");
  // The same bytes object, not three equal copies.
  assert.equal(second[0], first[0]);
  assert.equal(third[0], first[0]);
  assert.notEqual(fourth[0], first[0]);
  assert.equal(
    new TextDecoder().decode(fourth[0]),
    "a\r\nb\r\nc\r\nwhisper\r\n",
  );
});
