/**
 * The WebSockets of this instance by sign-in, so a logout reaches them at
 * once: from then on each gets no event, and on its next event or frame
 * it is sent `error` `unauthorized` and closed. Sockets on other instances
 * find out on their next frame, when their sign-in is checked again
 * (within `SIGN_IN_CACHE_MS`).
 *
 * @module
 */

/** Marks one socket as logged out. */
export type EndSocket = () => void;

/** Live sockets by sign-in id and by participant. */
export class LiveSignIns {
  #byId = new Map<string, Set<EndSocket>>();
  #names = new Map<string, string>();

  /** Files a socket under its sign-in; returns the removal. */
  add(id: string, name: string, end: EndSocket): () => void {
    let set = this.#byId.get(id);
    if (!set) this.#byId.set(id, set = new Set());
    set.add(end);
    this.#names.set(id, name.toLowerCase());
    return () => {
      set.delete(end);
      if (set.size > 0) return;
      this.#byId.delete(id);
      this.#names.delete(id);
    };
  }

  /** Marks every socket of sign-in `id` as logged out. */
  end(id: string): void {
    for (const end of [...this.#byId.get(id) ?? []]) end();
  }

  /** Marks every socket of `name` as logged out, whatever the sign-in. */
  endAllOf(name: string): void {
    const key = name.toLowerCase();
    for (const [id, owner] of [...this.#names]) {
      if (owner === key) this.end(id);
    }
  }
}
