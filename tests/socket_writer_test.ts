import assert from "node:assert/strict";
import { spacingMs } from "../lib/flush_pacer.ts";
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
