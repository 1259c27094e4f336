/**
 * Group commit of messages for the Deno KV backend. One atomic commit per
 * message caps a room at the disk's commit rate (~1 000/s); so while a
 * room's commit is in flight, further messages queue, and the next commit
 * writes them all: sequential ids, one head check, one atomic. Each caller
 * resolves only after its own batch committed, so nothing is acknowledged
 * before it is stored, and a failed commit fails exactly its batch.
 *
 * @module
 */
import type { Message, MessageDraft } from "../chat/mod.ts";
import { commit } from "./kv_commit.ts";
import * as K from "./kv_keys.ts";

/** Most messages one commit writes (KV allows 1 000 mutations per atomic). */
export const MAX_BATCH = 200;
/** Most estimated bytes one commit writes (KV allows 800 KiB per atomic). */
export const MAX_BATCH_BYTES = 512 * 1024;
// Another process winning the head this often in a row means a stuck file.
const MAX_RACES = 1_000;

interface Waiter {
  draft: MessageDraft;
  bytes: number;
  resolve(message: Message): void;
  reject(error: unknown): void;
}

/** Stores messages per room through batched atomic commits. */
export class KvMessageWriter {
  #kv: Deno.Kv;
  // A room is here exactly while its drain loop runs; idle rooms cost nothing.
  #queues = new Map<string, Waiter[]>();

  /** Writes into `kv`. */
  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /** Stores `draft` with the room's next id, once its batch committed. */
  store(draft: MessageDraft): Promise<Message> {
    const room = JSON.stringify(K.roomParts(draft.channel));
    return new Promise((resolve, reject) => {
      const waiter = { draft, bytes: estimate(draft), resolve, reject };
      const queue = this.#queues.get(room);
      if (queue) {
        queue.push(waiter);
        return;
      }
      const fresh = [waiter];
      this.#queues.set(room, fresh);
      this.#drain(room, fresh);
    });
  }

  async #drain(room: string, queue: Waiter[]): Promise<void> {
    while (queue.length > 0) {
      const batch = takeBatch(queue);
      try {
        const messages = await this.#commit(batch.map((w) => w.draft));
        batch.forEach((w, i) => w.resolve(messages[i]));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#queues.delete(room);
  }

  async #commit(drafts: MessageDraft[]): Promise<Message[]> {
    const channel = drafts[0].channel;
    const head = K.headKey(channel);
    const prefix = K.messagePrefix(channel);
    for (let race = 0; race < MAX_RACES; race++) {
      const last = await this.#kv.get<number>(head);
      const first = (last.value ?? 0) + 1;
      const messages = drafts.map((d, i) => ({ ...d, id: first + i }));
      const op = this.#kv.atomic().check(last)
        .set(head, first + drafts.length - 1);
      for (const m of messages) op.set([...prefix, m.id], m);
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
// bytes, plus the key, the other fields and the value's encoding.
function estimate(draft: MessageDraft): number {
  const names = draft.sender.length + 2 * (draft.channel?.length ?? 0);
  return 3 * (draft.text.length + names) + 200;
}
