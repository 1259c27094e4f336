/**
 * Who is online, across instances: a participant comes online with their
 * first connection anywhere and goes offline with their last one
 * everywhere. The shared presence store (when there is one) answers for
 * other instances; the registry answers for this one.
 *
 * @module
 */
import type { Bus } from "../ports/bus.ts";
import type { Logger } from "../ports/logger.ts";
import type { PresenceStore } from "../ports/presence.ts";
import { PRESENCE_TOPIC } from "../model/topics.ts";

/** What `OnlineState` works with. */
export interface OnlineStateDeps {
  /** Other instances' participants; absent when this instance is alone. */
  presence?: PresenceStore;
  bus: Bus;
  log: Logger;
  /** Whether this instance holds a connection of the participant with this key. */
  holds(key: string): boolean;
}

/** Announces presence changes and answers who is online. */
export class OnlineState {
  #deps: OnlineStateDeps;

  /** Uses the session's presence store, bus, log and registry. */
  constructor(deps: OnlineStateDeps) {
    this.#deps = deps;
  }

  /** The subset of `names` online on any instance, as lowercase keys. */
  async among(names: string[]): Promise<Set<string>> {
    const { presence, holds, log } = this.#deps;
    const local = names.map((n) => n.toLowerCase()).filter(holds);
    if (!presence) return new Set(local);
    try {
      const remote = await presence.online(names);
      for (const key of local) remote.add(key);
      return remote;
    } catch (cause) {
      log.error("presence_error", { cause });
      return new Set(local);
    }
  }

  /** `name`'s first connection on this instance is up: tell everyone. */
  async cameOnline(name: string): Promise<void> {
    const { presence, bus, log } = this.#deps;
    await presence?.set(name.toLowerCase(), true)
      .catch((cause) => log.error("presence_error", { cause }));
    await bus.publish(PRESENCE_TOPIC, { type: "presence", name, online: true });
  }

  /** `name`'s last connection here closed; offline unless another instance holds them. */
  wentOffline(name: string): void {
    this.#offline(name).catch((cause) =>
      this.#deps.log.error("presence_error", { cause })
    );
  }

  async #offline(name: string): Promise<void> {
    const { presence, bus, holds } = this.#deps;
    const key = name.toLowerCase();
    if (presence) {
      await presence.set(key, false);
      if ((await presence.online([key])).has(key)) return;
    }
    if (holds(key)) return;
    await bus.publish(PRESENCE_TOPIC, {
      type: "presence",
      name,
      online: false,
    });
  }
}
