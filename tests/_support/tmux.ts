/**
 * A real program in a real pseudo-terminal, for tests that drive stock
 * clients (the Debian `telnet`): a tmux server on a private socket runs it,
 * keys are typed with `send-keys`, and the screen is read with
 * `capture-pane`. Each terminal has its own tmux server, killed on close.
 *
 * @module
 */
import { onPath, type RequiredTool } from "../../lib/dev/required_tool.ts";

/** tmux and telnet, which the real-client tests need. */
export const TMUX_AND_TELNET: RequiredTool = {
  name: "telnet and tmux",
  installed: async () => await onPath("telnet") && await onPath("tmux"),
  packages: "telnet tmux",
  needs: "the real telnet client tests",
};

// A UTF-8 locale that every Debian has, so tmux and the client pass UTF-8.
const ENV = { LANG: "C.UTF-8", LC_ALL: "C.UTF-8", TERM: "xterm-256color" };

/** One program running in a detached tmux session. */
export class TmuxTerminal {
  #socket: string;
  #closed = false;

  private constructor(socket: string) {
    this.#socket = socket;
  }

  /** Starts `command` in a terminal `width` × `height`. */
  static async start(
    command: string,
    options: { width?: number; height?: number } = {},
  ): Promise<TmuxTerminal> {
    const socket = `parley-test-${crypto.randomUUID().slice(0, 8)}`;
    const term = new TmuxTerminal(socket);
    await term.#tmux(
      "new-session",
      "-d",
      "-s",
      "t",
      "-x",
      String(options.width ?? 120),
      "-y",
      String(options.height ?? 50),
      command,
    );
    // Keep the pane after the program exits, to read its last words.
    await term.#tmux("set-option", "-t", "t", "remain-on-exit", "on");
    return term;
  }

  /** Types `text` literally (UTF-8 as is). */
  async type(text: string): Promise<void> {
    await this.#tmux("send-keys", "-t", "t", "-l", text);
  }

  /** Presses keys by tmux name: `Enter`, `BSpace`, `C-c`, `C-]`. */
  async press(...keys: string[]): Promise<void> {
    await this.#tmux("send-keys", "-t", "t", ...keys);
  }

  /** Types a line and presses Enter. */
  async line(text: string): Promise<void> {
    await this.type(text);
    await this.press("Enter");
  }

  /** The whole screen and its scrollback, as text. */
  async screen(): Promise<string> {
    return await this.#tmux("capture-pane", "-p", "-t", "t", "-S", "-");
  }

  /** Waits until the screen matches; returns the screen. */
  async waitFor(
    pattern: string | RegExp,
    timeoutMs = 10_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const screen = await this.screen();
      const found = typeof pattern === "string"
        ? screen.includes(pattern)
        : pattern.test(screen);
      if (found) return screen;
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${pattern}; screen:\n${screen}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills this terminal's tmux server (and the program in it). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tmux("kill-server").catch(() => {});
  }

  async #tmux(...args: string[]): Promise<string> {
    const { success, stdout, stderr } = await new Deno.Command("tmux", {
      args: ["-L", this.#socket, "-f", "/dev/null", ...args],
      env: ENV,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    if (!success) {
      throw new Error(`tmux ${args[0]} failed: ${decoder.decode(stderr)}`);
    }
    return decoder.decode(stdout);
  }
}
