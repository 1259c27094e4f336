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
import { createChatMetrics } from "./lib/metrics_chat.ts";
import { serveTelnet, type TelnetServer } from "./lib/telnet/server.ts";
import { serveWeb, type WebServer } from "./lib/web/mod.ts";

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
  let tls: { cert: string; key: string } | undefined;
  try {
    tls = config.tls ? await readTls(config.tls) : undefined;
  } catch (error) {
    console.error(`parley: ${(error as Error).message}`);
    return 2;
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
  });
  chatMetrics.watch(session);
  const telnetOptions = {
    hostname: config.hostname,
    logger,
    maxLineBytes: config.maxLineBytes,
    maxQueuedBytes: config.maxQueuedBytes,
    maxQueuedMessages: config.maxQueuedMessages,
  };
  // A port in use or a certificate that is not PEM: one line, not a trace.
  const started: { close(): Promise<void> }[] = [];
  const listen = <T extends { close(): Promise<void> }>(
    what: string,
    start: () => T,
  ): T => {
    try {
      const server = start();
      started.push(server);
      return server;
    } catch (error) {
      throw new Error(`cannot start ${what}: ${(error as Error).message}`);
    }
  };
  let telnet: TelnetServer | null;
  let telnetTls: TelnetServer | null;
  let web: WebServer;
  try {
    telnet = config.telnetPort === null ? null : listen(
      "telnet",
      () =>
        serveTelnet(session, { ...telnetOptions, port: config.telnetPort! }),
    );
    telnetTls = config.telnetTlsPort === null ? null : listen(
      "telnet over TLS",
      () =>
        serveTelnet(session, {
          ...telnetOptions,
          port: config.telnetTlsPort!,
          tls,
        }),
    );
    web = listen(tls ? "HTTPS" : "HTTP", () =>
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
      }));
  } catch (error) {
    console.error(`parley: ${(error as Error).message}`);
    session.close("shutdown");
    await Promise.all(started.map((s) => s.close()));
    await cluster.close();
    await backend.close();
    return 2;
  }
  // Tests and scripts read these lines to learn the ports chosen for port 0;
  // the HTTP line comes first.
  const scheme = tls ? "https" : "http";
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
  await Promise.all([telnet?.close(), telnetTls?.close(), web.close()]);
  await cluster.close();
  await backend.close();
  logger.info("stopped");
  return 0;
}

// Reads the PEM files; a missing or unreadable one is a one-line error.
async function readTls(
  files: { certFile: string; keyFile: string },
): Promise<{ cert: string; key: string }> {
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
