/**
 * A session over a memory backend and a way to log participants in, each
 * on its own recording connection, as a transport would: login, then the
 * catch-up of notices missed while away.
 *
 * @module
 */
import { MemoryBackend } from "../../lib/backends/memory.ts";
import type { Connection } from "../../lib/chat/mod.ts";
import type { FakeSink } from "./fake_sink.ts";
import { loggedIn, testSession, type TestSessionOptions } from "./server.ts";

/** A connection logged in as someone, and what it received. */
export interface Joined {
  sink: FakeSink;
  conn: Connection;
}

/** A test session; `join(name)` registers `name` if new, logs in and catches up. */
export function sessionHarness(options: TestSessionOptions = {}) {
  const backend = (options.backend as MemoryBackend | undefined) ??
    new MemoryBackend();
  const session = testSession({ ...options, backend });
  const join = async (name: string): Promise<Joined> => {
    const joined = await loggedIn(session, name);
    await joined.conn.catchUp();
    return joined;
  };
  return { backend, session, join };
}

/** `owner` creates #club and grants `member` access; both enter it. */
export async function shareClub(owner: Joined, member: Joined): Promise<void> {
  await owner.conn.createChannel("club");
  await member.conn.requests.ask("club");
  await owner.conn.requests.grant("club", member.conn.name!);
  await owner.conn.join("club");
  await member.conn.join("club");
}
