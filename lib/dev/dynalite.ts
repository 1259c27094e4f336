/**
 * Runs dynalite, an in-process DynamoDB stand-in, for tests and benches.
 *
 * @module
 */
import dynalite from "dynalite";

/** A running dynalite server and how to stop it. */
export interface Dynalite {
  /** `http://127.0.0.1:<port>`, for `DynamoBackendOptions.endpoint`. */
  endpoint: string;
  /** Closes the server and its in-memory store; close clients first. */
  stop(): Promise<void>;
}

/** Starts an in-memory dynalite on a free loopback port. */
export async function startDynalite(): Promise<Dynalite> {
  // Zero delays: tables are ACTIVE at once, so tests do not wait on them.
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) =>
    server.listen(0, "127.0.0.1", (e?: Error) => e ? reject(e) : resolve())
  );
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) =>
        server.close((e?: Error) => e ? reject(e) : resolve())
      ),
  };
}
