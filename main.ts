/**
 * Parley's entry point: read the configuration, open storage, create the
 * one session every transport shares, and start the listeners.
 *
 * @module
 */
import { Session } from "./lib/chat/session.ts";
import { helpText, loadConfig } from "./lib/config.ts";
import { openBackend } from "./lib/backends/mod.ts";
import { createLogger } from "./lib/log.ts";
import { serveTelnet } from "./lib/telnet/server.ts";

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
  const session = new Session(backend, {
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
    logger,
  });
  const telnet = config.telnetPort === null ? null : serveTelnet(session, {
    hostname: config.hostname,
    port: config.telnetPort,
    logger,
  });
  if (telnet) {
    // Tests and scripts read this line to learn the port chosen for port 0.
    console.log(
      `telnet listening on ${telnet.addr.hostname}:${telnet.addr.port}`,
    );
  }
  logger.info("started", { backend: config.backend });

  const stopped = Promise.withResolvers<void>();
  const stop = () => stopped.resolve();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await stopped.promise;
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);

  logger.info("stopping");
  session.close("shutdown");
  await telnet?.close();
  await backend.close();
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
