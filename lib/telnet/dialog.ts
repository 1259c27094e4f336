/**
 * The guided menu for newcomers, as a state machine over input lines:
 * displaying menu → registering / authenticating → chatting, with a menu of
 * channel actions. Slash commands work in every state.
 *
 * @module
 */
import {
  type Connection,
  MIN_PASSWORD_LENGTH,
  nameRule,
  type Session,
  validateName,
  validatePassword,
} from "../chat/mod.ts";
import {
  type CommandContext,
  COMMANDS,
  helpLines,
  runCommand,
} from "./commands.ts";
import { renderError } from "./render.ts";

/** What the dialog needs from the terminal it talks to. */
export interface Terminal {
  /** Columns the client shows; tables are laid out to fit. */
  readonly width: number;
  /** Shows whole lines. */
  print(...lines: string[]): void;
  /** Shows a prompt; `secret` turns the client's echo off until the answer. */
  prompt(text: string, options?: { secret?: boolean }): void;
  /** Ends the connection after what was printed. */
  close(): void;
}

/** Where the dialog stands. */
export type DialogState =
  | "menu"
  | "login_name"
  | "login_password"
  | "register_name"
  | "register_password"
  | "register_repeat"
  | "register_email"
  | "chat"
  | "chat_menu"
  | "create_channel"
  | "join_channel"
  | "request_channel";

const MAIN_MENU = [
  "",
  "  1) Log in",
  "  2) Register",
  "  3) Quit",
  "",
  "Type a number, or /help for commands.",
];

// Commands the dialog itself answers, listed in /help with the others.
const DIALOG_COMMANDS: [string, string][] = [[
  "/menu",
  "show numbered choices",
]];

const CHAT_MENU = [
  "  1) Create a channel",
  "  2) Enter a channel",
  "  3) Ask for access to a channel",
  "  4) Pending requests for my channels",
  "  5) List channels",
  "  6) Who is here",
  "  7) Back to the general chat",
  "  8) Back to the conversation",
];

/** Drives one telnet connection from the first byte to `/quit`. */
export class TelnetDialog {
  #state: DialogState = "menu";
  #conn: Connection;
  #term: Terminal;
  #session: Session;
  #draft: { name?: string; password?: string } | null = null;

  /** Binds a dialog to a session connection and a terminal. */
  constructor(session: Session, conn: Connection, terminal: Terminal) {
    this.#session = session;
    this.#conn = conn;
    this.#term = terminal;
  }

  // Built per command, not kept: an idle connection holds no closures here.
  get #ctx(): CommandContext {
    const terminal = this.#term;
    return {
      session: this.#session,
      conn: this.#conn,
      width: terminal.width,
      print: (...lines) => terminal.print(...lines),
      quit: () => {
        terminal.print("* Bye");
        terminal.close();
      },
    };
  }

  /** The current state, for tests and logs. */
  get state(): DialogState {
    return this.#state;
  }

  /** Greets the newcomer and shows the menu. */
  start(): void {
    this.#term.print("Welcome to Parley, a chat server.");
    this.#showMainMenu();
  }

  /**
   * The user interrupted (Ctrl-C): a question being asked is cancelled, as a
   * shell drops the command being typed, and the user is back at the menu or
   * in the chat.
   */
  interrupt(): void {
    if (this.#state === "menu" || this.#state === "chat") return;
    this.#draft = null;
    if (this.#conn.name === null) return this.#showMainMenu();
    this.#state = "chat";
  }

  /** Handles one input line; never throws. */
  async handle(line: string): Promise<void> {
    try {
      if (line.startsWith("/") && !this.#isSecret()) {
        await this.#command(line);
      } else {
        await this.#answer(line);
      }
    } catch (error) {
      this.#term.print(renderError(error));
      this.#recover();
    }
  }

  async #command(line: string): Promise<void> {
    if (/^\/(help|\?)\s*$/i.test(line)) {
      this.#term.print(...helpLines(this.#term.width, DIALOG_COMMANDS));
      return this.#reprompt();
    }
    if (/^\/menu\s*$/i.test(line)) {
      return this.#conn.name === null
        ? this.#showMainMenu()
        : this.#showChatMenu();
    }
    await runCommand(this.#ctx, line);
    this.#draft = null;
    this.#state = this.#conn.name === null ? "menu" : "chat";
  }

  async #answer(line: string): Promise<void> {
    const text = line.trim();
    switch (this.#state) {
      case "menu":
        return this.#mainChoice(text);
      case "login_name":
        (this.#draft ??= {}).name = text;
        return this.#ask("login_password", "Password: ", true);
      case "login_password":
        this.#state = "menu";
        return this.#run("login", [this.#draft?.name ?? "", line]);
      case "register_name":
        validateName(text, nameRule(this.#session.limits));
        if (await this.#session.isRegistered(text)) {
          this.#term.print(`! The name ${text} is already taken`);
          return this.#ask("register_name", "Name: ");
        }
        (this.#draft ??= {}).name = text;
        this.#term.print(
          `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
        );
        return this.#ask("register_password", "Password: ", true);
      case "register_password":
        try {
          // The core's rule, checked now so nobody types it twice for nothing.
          validatePassword(line);
        } catch (error) {
          this.#term.print(renderError(error));
          return this.#ask("register_password", "Password: ", true);
        }
        (this.#draft ??= {}).password = line;
        return this.#ask("register_repeat", "Repeat password: ", true);
      case "register_repeat":
        if (line !== this.#draft?.password) {
          this.#term.print("! The passwords differ; try again");
          return this.#ask("register_password", "Password: ", true);
        }
        return this.#ask("register_email", "Email: ");
      case "register_email":
        this.#state = "menu";
        return this.#run("register", [
          this.#draft?.name ?? "",
          this.#draft?.password ?? "",
          text,
        ]);
      case "chat":
        if (text.length === 0) return;
        await this.#conn.say(line);
        return;
      case "chat_menu":
        return this.#chatChoice(text);
      case "create_channel":
        this.#state = "chat";
        return this.#run("create", [text]);
      case "join_channel":
        this.#state = "chat";
        return this.#run("join", [text]);
      case "request_channel":
        this.#state = "chat";
        return this.#run("request", [text]);
    }
  }

  #mainChoice(choice: string): void | Promise<void> {
    switch (choice) {
      case "1":
        return this.#ask("login_name", "Name: ");
      case "2":
        this.#term.print("Choose a name of 3 to 32 letters, digits, _ or -.");
        return this.#ask("register_name", "Name: ");
      case "3":
        return this.#ctx.quit();
      default:
        if (choice.length > 0) this.#term.print("! Type 1, 2 or 3");
        return this.#showMainMenu();
    }
  }

  #chatChoice(choice: string): void | Promise<void> {
    const prompts: Record<string, [DialogState, string]> = {
      "1": ["create_channel", "New channel name: "],
      "2": ["join_channel", "Channel to enter: "],
      "3": ["request_channel", "Channel to ask for: "],
    };
    if (prompts[choice]) return this.#ask(...prompts[choice]);
    this.#state = "chat";
    const commands: Record<string, string> = {
      "4": "requests",
      "5": "channels",
      "6": "who",
      "7": "leave",
    };
    if (commands[choice]) return this.#run(commands[choice], []);
    if (choice !== "8") this.#term.print("! Type a number from 1 to 8");
    if (choice !== "8") return this.#showChatMenu();
  }

  async #run(name: string, args: string[]): Promise<void> {
    this.#draft = null;
    await COMMANDS[name].run(this.#ctx, args);
    this.#state = this.#conn.name === null ? "menu" : "chat";
  }

  #ask(state: DialogState, prompt: string, secret = false): void {
    this.#state = state;
    this.#term.prompt(prompt, { secret });
  }

  #isSecret(): boolean {
    return this.#state === "login_password" ||
      this.#state === "register_password" ||
      this.#state === "register_repeat";
  }

  #showMainMenu(): void {
    this.#state = "menu";
    this.#term.print(...MAIN_MENU);
  }

  #showChatMenu(): void {
    this.#state = "chat_menu";
    this.#term.print(...CHAT_MENU);
    this.#term.prompt("Choice: ");
  }

  #reprompt(): void {
    const again: Partial<Record<DialogState, () => void>> = {
      menu: () => this.#showMainMenu(),
      chat_menu: () => this.#showChatMenu(),
      login_name: () => this.#ask("login_name", "Name: "),
      register_name: () => this.#ask("register_name", "Name: "),
      register_email: () => this.#ask("register_email", "Email: "),
    };
    again[this.#state]?.();
  }

  // After an error the user lands somewhere sensible, never in a dead prompt.
  #recover(): void {
    if (this.#state === "register_name") {
      return this.#ask("register_name", "Name: ");
    }
    this.#draft = null;
    if (this.#conn.state === "closed") return;
    if (this.#conn.name === null) return this.#showMainMenu();
    if (this.#state !== "chat") this.#state = "chat";
  }
}
