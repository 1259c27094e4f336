/**
 * A world for browser tests: one session (memory backend, so tests can
 * seed messages with any time), its web and telnet listeners on free
 * loopback ports, and a Chromium to open signed-in pages in. The web
 * server can be restarted on its port, with a new signing secret, as a
 * new process over the same storage, or stopped for an outage.
 *
 * @module
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import {
  type Bus,
  type Limits,
  MemoryBus,
  type Session,
} from "../../lib/chat/mod.ts";
import { MemoryBackend } from "../../lib/backends/memory.ts";
import { serveTelnet, type TelnetServer } from "../../lib/telnet/server.ts";
import { serveWeb, type WebServer } from "../../lib/web/mod.ts";
import { ensureBuilt } from "./build.ts";
import { launchChromium } from "./chromium.ts";
import { testEngine, testSession } from "./server.ts";
import { TelnetClient } from "./telnet_client.ts";

/** The password of every account a world makes. */
export const PASSWORD = "password-1";
/** A desktop window. */
export const DESKTOP = { width: 1200, height: 760 };
/** A phone screen (iPhone 12-15 class). */
export const PHONE = { width: 390, height: 844 };

/** Options for `webWorld`. */
export interface WebWorldOptions {
  idleTimeoutMs?: number;
  limits?: Partial<Limits>;
  /** Shared with other sessions to play several instances. */
  bus?: Bus;
  backend?: MemoryBackend;
}

/** A running world. */
export interface WebWorld {
  readonly session: Session;
  readonly backend: MemoryBackend;
  readonly bus: Bus;
  readonly browser: Browser;
  /** `http://127.0.0.1:<port>`, the same across restarts. */
  readonly base: string;
  /** A page of a new browser context, logged in as `name` (registered if new), on `path`, connected. */
  signIn(
    name: string,
    options?: BrowserContextOptions & { path?: string },
  ): Promise<Page>;
  /** A telnet client logged in as `name` (registered if new). */
  telnetAs(name: string): Promise<TelnetClient>;
  /** Registers `name` unless it exists. */
  register(name: string): Promise<void>;
  /** Stops the web listener: open pages lose their socket. */
  stopWeb(): Promise<void>;
  /** Starts the web listener again on its port; `secret` signs from now on. */
  startWeb(options?: { secret?: string }): Promise<void>;
  /**
   * A restart as a new process: the session says "server restarting" and
   * closes, a new one starts over the same storage, on the same ports.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a world (and its Chromium). */
export async function webWorld(
  options: WebWorldOptions = {},
): Promise<WebWorld> {
  await ensureBuilt();
  const backend = options.backend ?? new MemoryBackend();
  const bus = options.bus ?? new MemoryBus();
  const open = () =>
    testSession({
      backend,
      bus,
      idleTimeoutMs: options.idleTimeoutMs ?? 0,
      limits: options.limits,
    });
  let session = open();
  let secret = "e2e-secret";
  const webOptions = () => ({
    secret,
    telnetAddress: "localhost 2323",
    engine: testEngine(),
  });
  let web: WebServer | null = serveWeb(session, { ...webOptions(), port: 0 });
  await web.listening;
  const port = web.addr.port;
  let telnet: TelnetServer = serveTelnet(session, { port: 0 });
  const telnetPort = telnet.addr.port;
  const browser = await launchChromium();
  const base = `http://127.0.0.1:${port}`;
  const clients: TelnetClient[] = [];
  const register = async (name: string) => {
    if (!(await session.isRegistered(name))) {
      await session.register(name, PASSWORD, `${name}@example.org`);
    }
  };
  const world: WebWorld = {
    get session() {
      return session;
    },
    backend,
    bus,
    browser,
    base,
    register,
    async signIn(name, contextOptions = {}) {
      await register(name);
      const { path = "/chat", ...rest } = contextOptions;
      const context = await browser.newContext({ viewport: DESKTOP, ...rest });
      const page = await context.newPage();
      await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
      await logIn(page, name);
      await page.waitForURL(`${base}${path}`);
      await connected(page);
      return page;
    },
    async telnetAs(name) {
      await register(name);
      const client = await TelnetClient.atMenu(telnetPort, clients);
      await client.ask(`/login ${name} ${PASSWORD}`, `Welcome, ${name}`);
      return client;
    },
    async stopWeb() {
      await web?.close();
      web = null;
    },
    async startWeb(restart = {}) {
      await world.stopWeb();
      if (restart.secret) secret = restart.secret;
      web = serveWeb(session, { ...webOptions(), port });
      await web.listening;
    },
    async restart() {
      session.close("shutdown");
      await session.drain();
      await world.stopWeb();
      await telnet.close();
      session = open();
      telnet = serveTelnet(session, { port: telnetPort });
      await world.startWeb();
    },
    async close() {
      await browser.close();
      await Promise.all(clients.map((c) => c.close()));
      session.close("shutdown");
      await session.drain();
      await telnet.close();
      await world.stopWeb();
    },
  };
  return world;
}

/** Waits until the page's socket is signed in and live. */
export function connected(page: Page): Promise<unknown> {
  return page.locator("[data-status=connected]").waitFor({ timeout: 10_000 });
}

/** The composer. */
export function composer(page: Page) {
  return page.getByRole("textbox", { name: "Message", exact: true });
}

/** Types `text` in the composer and sends it with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

/** The message bubbles whose text contains `text`. */
export function message(page: Page, text: string) {
  return page.locator(".message:not(.pending) .text", { hasText: text });
}

/** Takes a screenshot; writes docs/screenshots/`name` only with `UPDATE_SCREENSHOTS=1`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const shots = new URL("../../docs/screenshots/", import.meta.url);
  const update = Deno.env.get("UPDATE_SCREENSHOTS") === "1";
  if (update) await Deno.mkdir(shots, { recursive: true });
  await page.screenshot({
    path: update ? new URL(name, shots).pathname : undefined,
  });
}

/** Fills the login form on `page` and submits it. */
export async function logIn(
  page: Page,
  name: string,
  password = PASSWORD,
): Promise<void> {
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Submits the New channel form with `name` (it may be refused). */
export async function submitChannel(page: Page, name: string): Promise<void> {
  await page.getByLabel("New channel").fill(name);
  await page.getByRole("button", { name: "Create", exact: true }).click();
}

/** Creates channel `name` and waits until the page is in it. */
export async function createChannel(page: Page, name: string): Promise<void> {
  await submitChannel(page, name);
  await page.waitForURL(new RegExp(`/chat/${name}$`));
}

/** Grants `requester`'s request from the owner's inbox on `page`. */
export async function grant(page: Page, requester: string): Promise<void> {
  await page.locator(".request", { hasText: requester })
    .getByRole("button", { name: "Grant" }).click();
}
