/**
 * The presence port: which participants hold a connection on ANY instance.
 * Each session reports its own participants; a shared store (Redis, KV)
 * lets every instance answer for all of them. Entries expire unless
 * refreshed, so an instance that dies without cleaning up drops out within
 * the store's TTL.
 *
 * @module
 */

/** Cross-instance online state. */
export interface PresenceStore {
  /** Records that this instance now holds (or no longer holds) `name`. */
  set(name: string, online: boolean): Promise<void>;
  /** The subset of `names` online on any instance (lowercase keys). */
  online(names: string[]): Promise<Set<string>>;
  /** Stops refreshing and releases connections. */
  close(): Promise<void>;
}
