/**
 * Per-channel slow mode: in a channel whose owner set N seconds, each
 * participant but the owner may send one message per N seconds. State is
 * per instance and in memory, like flood control: with several instances
 * a participant connected to each gets one message per instance per N
 * seconds. Both maps are bounded.
 *
 * The setting is read through a cache: the instance where the owner
 * changes it updates at once, other instances re-read a channel at most
 * `refreshMs` after their last read (default 5 s).
 *
 * @module
 */
import { nameKey } from "../ports/backend.ts";
import { ChatError } from "../model/errors.ts";
import { KeyedStore } from "./keyed_store.ts";
import { isOwner } from "../rules/access.ts";
import type { Channel } from "../model/types.ts";

/** The longest slow mode an owner may set: a day. */
export const MAX_SLOW_MODE_SECONDS = 86_400;

/** "one message every N seconds", in words that fit N. */
export function oneMessageEvery(seconds: number): string {
  return `one message every ${seconds === 1 ? "second" : `${seconds} seconds`}`;
}

/** Options for `SlowMode`. */
export interface SlowModeOptions {
  /** Reads a channel from storage (already guarded). */
  load(channel: string): Promise<Channel | null>;
  /** How long a read setting is trusted, in ms. Default 5 000. */
  refreshMs?: number;
  /** Most channels whose setting is cached. Default 10 000. */
  maxChannels?: number;
  /** Most (channel, sender) stamps kept. Default 100 000. */
  maxStamps?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

interface Cached {
  seconds: number;
  owner: string;
  name: string;
  readAt: number;
}

interface Stamp {
  at: number;
  until: number;
}

/** Admits or refuses messages in slow-mode channels. */
export class SlowMode {
  #load: (channel: string) => Promise<Channel | null>;
  #refreshMs: number;
  #maxChannels: number;
  #now: () => number;
  #settings = new Map<string, Cached>();
  #stamps: KeyedStore<Stamp>;

  /** Creates an empty slow-mode state over a channel loader. */
  constructor(options: SlowModeOptions) {
    this.#load = options.load;
    this.#refreshMs = options.refreshMs ?? 5_000;
    this.#maxChannels = options.maxChannels ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#stamps = new KeyedStore<Stamp>({
      idle: (stamp, now) => now >= stamp.until,
      maxKeys: options.maxStamps ?? 100_000,
    });
  }

  /**
   * Spends `sender`'s turn in `channel`, or throws a `ChatError` when it
   * is too early. Returns an undo for when the message is not stored.
   */
  async admit(channel: string, sender: string): Promise<() => void> {
    const setting = await this.#setting(channel);
    if (!setting || setting.seconds === 0) return () => {};
    if (isOwner(setting, sender)) return () => {};
    const key = `${nameKey(channel)}\n${nameKey(sender)}`;
    const now = this.#now();
    const last = this.#stamps.get(key);
    if (last && now - last.at < setting.seconds * 1000) {
      throw new ChatError(
        "throttled",
        `Slow mode: ${oneMessageEvery(setting.seconds)} in #${setting.name}`,
      );
    }
    const stamp = { at: now, until: now + setting.seconds * 1000 };
    this.#stamps.delete(key);
    this.#stamps.ensure(key, now, () => stamp);
    return () => {
      if (this.#stamps.get(key) !== stamp) return;
      this.#stamps.delete(key);
      if (last) this.#stamps.ensure(key, now, () => last);
    };
  }

  /** Records a channel as just read or changed, e.g. after `setSlowMode`. */
  remember(channel: Channel): void {
    const key = nameKey(channel.name);
    this.#settings.delete(key);
    if (this.#settings.size >= this.#maxChannels) {
      // Maps iterate in insertion order: the first key is the stalest.
      this.#settings.delete(this.#settings.keys().next().value!);
    }
    this.#settings.set(key, {
      seconds: channel.slowModeSeconds ?? 0,
      owner: channel.owner,
      name: channel.name,
      readAt: this.#now(),
    });
  }

  async #setting(channel: string): Promise<Cached | undefined> {
    const cached = this.#settings.get(nameKey(channel));
    if (cached && this.#now() - cached.readAt < this.#refreshMs) return cached;
    const found = await this.#load(channel);
    if (!found) return undefined;
    this.remember(found);
    return this.#settings.get(nameKey(channel));
  }
}
