/**
 * Group commit of messages for the Deno KV backend, for rooms and direct
 * conversations alike. One atomic commit per message caps a room at the
 * disk's commit rate (~1 000/s); so while a room's commit is in flight,
 * further messages queue, and the next commit writes them all: sequential
 * ids, one head check, one atomic. Each caller resolves only after its own
 * batch committed, so nothing is acknowledged before it is stored, and a
 * failed commit fails exactly its batch.
 *
 * @module
 */
import {
  type DirectDraft,
  type DirectMessage,
  directPair,
  type Message,
  type MessageDraft,
} from "../chat/mod.ts";
import { commit } from "./kv_commit.ts";
import * as K from "./kv_keys.ts";

/** Most messages one commit writes (KV allows 1 000 mutations per atomic). */
export const MAX_BATCH = 200;
/** Most estimated bytes one commit writes (KV allows 800 KiB per atomic). */
export const MAX_BATCH_BYTES = 512 * 1024;
// Another process winning the head this often in a row means a stuck file.
const MAX_RACES = 1_000;

/** Where a room's messages go, and what else its commit writes. */
interface RoomSpec {
  /** The room's key parts (`K.roomParts`). */
  parts: Deno.KvKey;
  /** Sets the index entries that follow the batch's newest message. */
  alsoSet?(op: Deno.AtomicOperation, newest: { id: number }): void;
}

interface Waiter {
  draft: { text: string };
  bytes: number;
  resolve(message: { id: number }): void;
  reject(error: unknown): void;
}

interface Queue {
  spec: RoomSpec;
  waiters: Waiter[];
}

/** Stores messages per room through batched atomic commits. */
export class KvMessageWriter {
  #kv: Deno.Kv;
  // A room is here exactly while its drain loop runs; idle rooms cost nothing.
  #queues = new Map<string, Queue>();

  /** Writes into `kv`. */
  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /** Stores `draft` with the room's next id, once its batch committed. */
  store(draft: MessageDraft): Promise<Message> {
    return this.#enqueue({ parts: K.roomParts(draft.channel) }, draft);
  }

  /**
   * Stores a direct message with its conversation's next id; both
   * participants' conversation entries follow in the same commit.
   */
  storeDirect(draft: DirectDraft): Promise<DirectMessage> {
    const [a, b] = directPair(draft.sender, draft.recipient);
    return this.#enqueue({
      parts: K.directParts(a, b),
      alsoSet(op, newest) {
        const m = newest as DirectMessage;
        const at = { lastId: m.id, lastAt: m.sentAt };
        op.set(K.conversationKey(m.sender, m.recipient), {
          peer: m.recipient,
          ...at,
        }).set(K.conversationKey(m.recipient, m.sender), {
          peer: m.sender,
          ...at,
        });
      },
    }, draft);
  }

  #enqueue<D extends { text: string }, M extends D & { id: number }>(
    spec: RoomSpec,
    draft: D,
  ): Promise<M> {
    const room = JSON.stringify(spec.parts);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        draft,
        bytes: estimate(draft),
        resolve: resolve as (m: { id: number }) => void,
        reject,
      };
      const queue = this.#queues.get(room);
      if (queue) {
        queue.waiters.push(waiter);
        return;
      }
      const fresh = { spec, waiters: [waiter] };
      this.#queues.set(room, fresh);
      this.#drain(room, fresh);
    });
  }

  async #drain(room: string, queue: Queue): Promise<void> {
    while (queue.waiters.length > 0) {
      const batch = takeBatch(queue.waiters);
      try {
        const messages = await this.#commit(
          queue.spec,
          batch.map((w) => w.draft),
        );
        batch.forEach((w, i) => w.resolve(messages[i]));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#queues.delete(room);
  }

  async #commit(
    spec: RoomSpec,
    drafts: object[],
  ): Promise<{ id: number }[]> {
    const head = ["head", ...spec.parts];
    const prefix = ["msg", ...spec.parts];
    for (let race = 0; race < MAX_RACES; race++) {
      const last = await this.#kv.get<number>(head);
      const first = (last.value ?? 0) + 1;
      const messages = drafts.map((d, i) => ({ ...d, id: first + i }));
      const op = this.#kv.atomic().check(last)
        .set(head, first + drafts.length - 1);
      for (const m of messages) op.set([...prefix, m.id], m);
      spec.alsoSet?.(op, messages.at(-1)!);
      // The head check makes other processes' writers retry, not share ids.
      if (await commit(op)) return messages;
    }
    throw new Error("KV head of the room kept changing; message not stored");
  }
}

function takeBatch(queue: Waiter[]): Waiter[] {
  let count = 0;
  let bytes = 0;
  while (
    count < queue.length && count < MAX_BATCH &&
    (count === 0 || bytes + queue[count].bytes <= MAX_BATCH_BYTES)
  ) {
    bytes += queue[count++].bytes;
  }
  return queue.splice(0, count);
}

// An upper bound of the stored size: a UTF-16 unit is at most 3 UTF-8
// bytes; names (at most 64 units, a few per message), the key, the other
// fields and the value's encoding fit in the rest.
function estimate(draft: { text: string }): number {
  return 3 * draft.text.length + 800;
}
