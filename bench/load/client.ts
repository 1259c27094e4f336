/**
 * What the load runner needs from a chat client, whatever its transport.
 *
 * @module
 */

import type { PayloadFound } from "./payload.ts";

/** Called for each load message received: step, send and arrival times. */
export type PayloadHandler = PayloadFound;

/** One connected load client. */
export interface LoadClient {
  /** The participant name, or a placeholder on the bare baselines. */
  readonly name: string;
  /** Bytes received so far, to tell when traffic has died down. */
  readonly bytesIn: number;
  /** Whether the connection has ended (e.g. the server dropped a slow reader). */
  readonly closed: boolean;
  /** Set by the runner; every received load message goes here. */
  onPayload: PayloadHandler | null;
  /** Queues chat text; nothing is written until `flush`. */
  say(text: string): void;
  /** Writes everything queued, in one write per client. */
  flush(): void;
  /** Creates a channel owned by this client (Parley only). */
  create(channel: string): Promise<void>;
  /** Asks for access to a channel (Parley only). */
  request(channel: string): Promise<void>;
  /** Grants `name` access to a channel this client owns (Parley only). */
  grant(channel: string, name: string): Promise<void>;
  /** Enters a channel (Parley only). */
  join(channel: string): Promise<void>;
  /** Closes the connection; never throws. */
  close(): Promise<void>;
}

/** How long one setup command may take before the run fails. */
export const COMMAND_TIMEOUT_MS = 30_000;

/** Rejects with a clear message when `work` takes longer than `ms`. */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let id: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) =>
    id = setTimeout(
      () => reject(new Error(`${what}: no answer in ${ms} ms`)),
      ms,
    )
  );
  return Promise.race([work, timeout]).finally(() => clearTimeout(id));
}

/** Runs `task` for every item with at most `limit` in flight. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
