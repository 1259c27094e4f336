/**
 * Commit helpers of the Deno KV backend: optimistic retries and SQLite's
 * transient lock errors.
 *
 * @module
 */

/** Runs `attempt` until it yields a value; undefined means it lost a race. */
export async function retry<T>(
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
  }
}

/**
 * Commits `op`, resolving whether its checks held. SQLite answers
 * "database is locked" while another process (or handle) writes the same
 * file; that passes, so wait a little and commit again.
 */
export async function commit(op: Deno.AtomicOperation): Promise<boolean> {
  for (let attempt = 1;; attempt++) {
    try {
      return (await op.commit()).ok;
    } catch (error) {
      if (attempt === 50 || !String(error).includes("database is locked")) {
        throw error;
      }
      const ms = Math.min(2 ** attempt, 100) * Math.random();
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
  }
}
