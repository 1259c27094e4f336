/**
 * Parley's entry point: read the configuration, open storage and the bus,
 * create the one session every transport shares, and start the listeners.
 *
 * @module
 */
import { Session } from "./lib/chat/mod.ts";
import { helpText, loadConfig } from "./lib/config.ts";
import { openBackend } from "./lib/backends/mod.ts";
import { openCluster } from "./lib/buses/mod.ts";
import { createLogger } from "./lib/log.ts";
import { createChatMetrics } from "./lib/metrics/mod.ts";
import { serveTelnet } from "./lib/telnet/server.ts";
import { serveWeb } from "./lib/web/mod.ts";

/** How long shutdown waits for storage writes under way. */
const DRAIN_MS = 5_000;

/** Starts a server from command-line arguments; resolves when it has stopped. */
export async function main(args: string[]): Promise<number> {
  let config;
  try {
    config = loadConfig(args);
  } catch (error) {
    console.error(`parley: ${(error as Error).message}\n\n${helpText()}`);
    return 2;
  }
  if (config.help) {
    console.log(helpText());
    return 0;
  }
  const logger = createLogger({ format: config.logFormat });
  const backend = await openBackend(config);
  const cluster = await openCluster(config, { logger });
  const chatMetrics = createChatMetrics();
  const session = new Session(backend, {
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
    bus: cluster.bus,
    presence: cluster.presence,
    logger,
    limits: config.limits,
    metrics: chatMetrics.metrics,
    pbkdf2Iterations: config.pbkdf2Iterations,
  });
  chatMetrics.watch(session);
  const telnet = config.telnetPort === null ? null : serveTelnet(session, {
    hostname: config.hostname,
    port: config.telnetPort,
    logger,
    maxLineBytes: config.maxLineBytes,
    maxQueuedBytes: config.maxQueuedBytes,
    maxQueuedMessages: config.maxQueuedMessages,
  });
  const web = serveWeb(session, {
    hostname: config.hostname,
    port: config.port,
    secret: Deno.env.get("CHAT_SESSION_SECRET"),
    telnetAddress: telnet
      ? `${telnet.addr.hostname} ${telnet.addr.port}`
      : undefined,
    logger,
    maxFrameBytes: config.maxFrameBytes,
    maxQueuedBytes: config.maxQueuedBytes,
    metrics: chatMetrics.registry,
  });
  // Tests and scripts read these lines to learn the ports chosen for port 0;
  // the HTTP line comes first.
  console.log(`http listening on ${web.addr.hostname}:${web.addr.port}`);
  if (telnet) {
    console.log(
      `telnet listening on ${telnet.addr.hostname}:${telnet.addr.port}`,
    );
  }
  logger.info("started", { backend: config.backend, bus: config.bus });

  const stopped = Promise.withResolvers<void>();
  const stop = () => stopped.resolve();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await stopped.promise;
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);

  // Acknowledged means stored: let writes under way finish before anyone
  // is told to go, then close transports, then storage.
  logger.info("stopping");
  await Promise.race([
    session.drain(),
    new Promise((r) => setTimeout(r, DRAIN_MS)),
  ]);
  session.close("shutdown");
  // Closing connections records their read markers: let those land too.
  await Promise.race([
    session.drain(),
    new Promise((r) => setTimeout(r, DRAIN_MS)),
  ]);
  await Promise.all([telnet?.close(), web.close()]);
  await cluster.close();
  await backend.close();
  logger.info("stopped");
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
