/**
 * The servers a run compares and how to get N clients into one room on
 * each: Parley registers, creates a channel, requests and grants access;
 * the bare baselines need none of that.
 *
 * @module
 */
import { inBatches, type LoadClient } from "./client.ts";
import type { RunningServer, ServerSpec } from "./server.ts";
import { TelnetLoadClient } from "./telnet_client.ts";
import { WsLoadClient } from "./ws_client.ts";

/** Transports a load client can use. */
export type Transport = "telnet" | "ws";

/** One line of the comparison: a server and the transport to drive it with. */
export interface Target {
  /** Short label for tables and the chart, e.g. `parley-kv/telnet`. */
  label: string;
  server: ServerSpec;
  transport: Transport;
}

/** Thrown when a server lacks what a target needs, e.g. no HTTP path yet. */
export class UnsupportedError extends Error {}

/** The room every fan-out client joins. */
export const ROOM = "loadroom";
/** Password of every load account; cheap hashing is set on the server. */
export const PASSWORD = "load-test-pw";
const SETUP_PARALLEL = 16;
const REQUEST_CHUNK = 50;

/** Label for a target. */
export function targetLabel(server: ServerSpec, transport: Transport): string {
  const name = server.kind === "parley"
    ? `parley-${server.backend}`
    : server.kind;
  return `${name}/${transport}`;
}

/** The baseline a target is compared against. */
export function baselineOf(target: Target): string {
  return target.transport === "ws" ? "bare-ws/ws" : "bare-tcp/telnet";
}

/** Connects `count` clients; on Parley they are logged in as `load<i>` but in no room yet. */
export function connectClients(
  target: Target,
  server: RunningServer,
  count: number,
  readBytes?: number,
): Promise<LoadClient[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const { kind } = target.server;
  if (kind === "bare-tcp") {
    return inBatches(
      indexes,
      64,
      () => TelnetLoadClient.connect(server.telnetPort!, readBytes),
    );
  }
  if (kind === "bare-ws") {
    return inBatches(
      indexes,
      64,
      () => WsLoadClient.connect(server.httpPort!, "/"),
    );
  }
  if (target.transport === "telnet") {
    return inBatches(indexes, SETUP_PARALLEL, async (i) => {
      const client = await TelnetLoadClient.connect(
        server.telnetPort!,
        readBytes,
      );
      await client.register(`load${i}`, PASSWORD);
      return client;
    });
  }
  if (server.httpPort === undefined) {
    throw new UnsupportedError(
      "Parley logged no HTTP port: the WebSocket path is not served by main.ts yet",
    );
  }
  return inBatches(indexes, SETUP_PARALLEL, async (i) => {
    // Accounts are made over telnet: the browser path signs up with a form.
    const registrar = await TelnetLoadClient.connect(server.telnetPort!);
    await registrar.register(`load${i}`, PASSWORD);
    await registrar.close();
    const client = await WsLoadClient.connect(server.httpPort!);
    await client.login(server.httpPort!, `load${i}`, PASSWORD);
    return client;
  });
}

/** Puts every client in one room: the first creates it and grants the others. */
export async function joinRoom(
  target: Target,
  clients: LoadClient[],
): Promise<void> {
  if (target.server.kind !== "parley") return;
  const [owner, ...others] = clients;
  await owner.create(ROOM);
  // In chunks, so a channel's pending-request limit (100) never refuses one.
  for (let at = 0; at < others.length; at += REQUEST_CHUNK) {
    const chunk = others.slice(at, at + REQUEST_CHUNK);
    await inBatches(chunk, SETUP_PARALLEL, (c) => c.request(ROOM));
    for (const c of chunk) await owner.grant(ROOM, c.name);
  }
  await inBatches(clients, SETUP_PARALLEL, (c) => c.join(ROOM));
}
