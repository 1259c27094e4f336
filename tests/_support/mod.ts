/**
 * Everything tests share, in one import: in-process servers and sessions,
 * telnet and WebSocket clients, waits, a manual clock, a browser, a fault
 * proxy, and the throwaway Redis, dynalite and server processes (those
 * live in `lib/dev/` because the benchmarks use them too).
 *
 * @module
 */
export {
  assertBystanderChats,
  loggedIn,
  onNodeEngine,
  startServer,
  testEngine,
  type TestServer,
  type TestServerOptions,
  testSession,
  type TestSessionOptions,
} from "./server.ts";
export { TelnetClient } from "./telnet_client.ts";
export { frame, said, WsClient, wsLogin } from "./ws_client.ts";
export { markerReaches, until, type UntilOptions } from "./until.ts";
export { ManualClock } from "./clock.ts";
export {
  type ChromiumBinary,
  findChromium,
  launchChromium,
} from "./chromium.ts";
export { ensureBuilt } from "./build.ts";
export { seriousViolations, type Violation } from "./axe.ts";
export {
  composer,
  connected,
  createChannel,
  DESKTOP,
  grant,
  logIn,
  message,
  PASSWORD,
  PHONE,
  say,
  screenshot,
  submitChannel,
  type WebWorld,
  webWorld,
  type WebWorldOptions,
} from "./web_world.ts";
export { club, gone, membersPanel } from "./web_channel.ts";
export { TcpProxy } from "./tcp_proxy.ts";
export { FakeSink } from "./fake_sink.ts";
export { type Joined, sessionHarness, shareClub } from "./session.ts";
export {
  type RedisServer,
  redisServerInstalled,
  skipWithoutRedis,
  startRedisServer,
} from "../../lib/dev/redis_server.ts";
export { type Dynalite, startDynalite } from "../../lib/dev/dynalite.ts";
export {
  onPath,
  type RequiredTool,
  skipWithout,
} from "../../lib/dev/required_tool.ts";
export { makeTestCert, OPENSSL } from "./tls_cert.ts";
export { TMUX_AND_TELNET, TmuxTerminal } from "./tmux.ts";
export {
  serverCommand,
  type ServerProcess,
  type ServerProcessOptions,
  startServerProcess,
} from "../../lib/dev/server_process.ts";
