/**
 * Parley's entry point: read the configuration, open storage and the bus,
 * create the one session every transport shares, and start the listeners.
 *
 * @module
 */
import { Session } from "./lib/chat/mod.ts";
import { type Config, helpText, loadConfig } from "./lib/config.ts";
import { permissionProblem } from "./lib/config_permissions.ts";
import { openBackend } from "./lib/backends/mod.ts";
import { openCluster } from "./lib/buses/mod.ts";
import { createLogger, type Logger } from "./lib/log.ts";
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
  const problem = await permissionProblem(config, args);
  if (problem) {
    console.error(`parley: ${problem}`);
    return 2;
  }
  let tls: Tls | undefined;
  try {
    tls = config.tls ? await readTls(config.tls) : undefined;
  } catch (error) {
    console.error(`parley: ${(error as Error).message}`);
    return 2;
  }
  const logger = createLogger({ format: config.logFormat });
  // Listening before the ports are announced: a signal right after them
  // must still stop the server gracefully.
  const signal = stopSignal();
  let running;
  try {
    running = await start(config, { logger, tls });
  } catch (error) {
    // Storage, the bus or a port that is not there: one line, no stack.
    console.error(`parley: could not start: ${(error as Error).message}`);
    signal.dispose();
    return 1;
  }
  const { session, telnet, telnetTls, web, cluster, backend } = running;
  logger.info("started", { backend: config.backend, bus: config.bus });

  await signal.received;
  signal.dispose();

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
  await Promise.all([telnet?.close(), telnetTls?.close(), web.close()]);
  await cluster.close();
  await backend.close();
  logger.info("stopped");
  return 0;
}

/** A certificate chain and its private key, PEM. */
type Tls = { cert: string; key: string };

/** Opens storage and the bus, and starts the listeners; throws when one cannot start. */
async function start(
  config: Config,
  options: { logger: Logger; tls?: Tls },
) {
  const { logger, tls } = options;
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
    // A lost removal event is bounded like a vanished instance's presence.
    membershipTtlMs: config.presenceTtlSeconds * 1000,
  });
  chatMetrics.watch(session);
  const telnetOptions = {
    hostname: config.hostname,
    logger,
    maxLineBytes: config.maxLineBytes,
    maxQueuedBytes: config.maxQueuedBytes,
    maxQueuedMessages: config.maxQueuedMessages,
  };
  const { telnetPort, telnetTlsPort } = config;
  const telnet = telnetPort === null ? null : listen(
    `telnet on ${config.hostname}:${telnetPort}`,
    () => serveTelnet(session, { ...telnetOptions, port: telnetPort }),
  );
  const telnetTls = telnetTlsPort === null ? null : listen(
    `telnet over TLS on ${config.hostname}:${telnetTlsPort}`,
    () => serveTelnet(session, { ...telnetOptions, port: telnetTlsPort, tls }),
  );
  const scheme = tls ? "https" : "http";
  const web = listen(
    `${scheme} on ${config.hostname}:${config.port}`,
    () =>
      serveWeb(session, {
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
        tls,
        engine: config.httpEngine,
        headerTimeoutSeconds: config.headerTimeoutSeconds,
      }),
  );
  try {
    await web.listening;
  } catch (error) {
    throw new Error(
      `${scheme} on ${config.hostname}:${config.port}: ${
        (error as Error).message
      }`,
    );
  }
  // Tests and scripts read these lines to learn the ports chosen for port 0;
  // the HTTP line comes first.
  console.log(`${scheme} listening on ${web.addr.hostname}:${web.addr.port}`);
  if (telnet) {
    console.log(
      `telnet listening on ${telnet.addr.hostname}:${telnet.addr.port}`,
    );
  }
  if (telnetTls) {
    console.log(
      `telnet-tls listening on ${telnetTls.addr.hostname}:${telnetTls.addr.port}`,
    );
  }
  return { session, telnet, telnetTls, web, cluster, backend };
}

// SIGINT or SIGTERM, once; dispose() stops listening.
function stopSignal(): { received: Promise<void>; dispose(): void } {
  const { promise, resolve } = Promise.withResolvers<void>();
  const stop = () => resolve();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, stop);
  return {
    received: promise,
    dispose: () => signals.forEach((s) => Deno.removeSignalListener(s, stop)),
  };
}

// Names the listener in an error such as "Address already in use".
function listen<T>(where: string, serve: () => T): T {
  try {
    return serve();
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

// A file that cannot be read is named with its flag, in one line.
async function readTls(
  files: { certFile: string; keyFile: string },
): Promise<Tls> {
  const read = async (path: string, flag: string) => {
    try {
      return await Deno.readTextFile(path);
    } catch (error) {
      // "No such file or directory (os error 2): readfile '…'" → the first part.
      const reason = (error as Error).message.split(" (os error")[0];
      throw new Error(`cannot read ${flag} file ${path}: ${reason}`);
    }
  };
  return {
    cert: await read(files.certFile, "--tls-cert"),
    key: await read(files.keyFile, "--tls-key"),
  };
}

if (import.meta.main) Deno.exit(await main(Deno.args));
