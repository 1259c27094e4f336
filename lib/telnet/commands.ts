/**
 * The slash commands of the telnet path. Each entry parses its arguments,
 * calls the chat core, and returns the lines to show.
 *
 * @module
 */
import {
  ChatError,
  type Connection,
  MAX_PAGE,
  type Session,
} from "../chat/mod.ts";
import { pageLines, renderMessage, renderRequest } from "./render.ts";
import { DEFAULT_WIDTH, wrapLine } from "./wrap.ts";
import { placeName, printMissed, printUnread } from "./catch_up.ts";
import { MODERATION_COMMANDS } from "./commands_moderation.ts";
import { DIRECT_COMMANDS } from "./commands_direct.ts";

/** What a command may do besides printing lines. */
export interface CommandContext {
  session: Session;
  conn: Connection;
  /** Columns the user's terminal shows. */
  width: number;
  /** Shows lines to the user. */
  print(...lines: string[]): void;
  /** Ends the telnet connection after a goodbye. */
  quit(): void;
}

/** One slash command. */
export interface Command {
  usage: string;
  help: string;
  /** How many arguments it takes at most. */
  args: number;
  /** The last argument takes the rest of the line, spaces and all. */
  rest?: boolean;
  run(ctx: CommandContext, args: string[]): Promise<void> | void;
}

/** Every slash command, by name. */
export const COMMANDS: Record<string, Command> = {
  register: {
    usage: "/register <name> <password> <email>",
    help: "create an account and log in",
    args: 3,
    async run({ session, conn, print }, [name, password, email]) {
      const participant = await session.register(name, password, email, {
        address: conn.address,
      });
      print(`* Registered ${participant.name}`);
      await conn.login(name, password);
      // No "new messages since you were last here": they never were.
      print(...welcome(participant.name));
    },
  },
  login: {
    usage: "/login <name> <password>",
    help: "log in",
    args: 2,
    async run({ conn, print }, [name, password]) {
      const participant = await conn.login(name, password);
      print(...welcome(participant.name));
      // What they were told while away, then what the room holds.
      await conn.catchUp();
      await printUnread(conn, print);
    },
  },
  create: {
    usage: "/create <channel>",
    help: "create a channel that you own",
    args: 1,
    async run({ conn, print }, [name]) {
      const channel = await conn.createChannel(name);
      print(`* Created #${channel.name}; enter it with /join ${channel.name}`);
    },
  },
  join: {
    usage: "/join <channel>",
    help: "enter a channel you own or were granted",
    args: 1,
    async run({ conn, print }, [name]) {
      const channel = await conn.join(name).catch((error) => {
        // On telnet, "ask its owner" has a concrete form: the command.
        if (error instanceof ChatError && error.code === "forbidden") {
          const clean = name.replace(/^#/, "");
          throw new ChatError(
            "forbidden",
            `${error.message} with /request ${clean}`,
          );
        }
        throw error;
      });
      print(
        `* You are in #${channel.name} (owner ${channel.owner}); /leave returns to the general chat`,
      );
      await printUnread(conn, print);
    },
  },
  request: {
    usage: "/request <channel>",
    help: "ask a channel's owner for access",
    args: 1,
    async run({ conn, print }, [name]) {
      const request = await conn.requests.ask(name);
      print(
        `* Asked for access to #${request.channel}; you will be told when the owner decides`,
      );
    },
  },
  requests: {
    usage: "/requests",
    help: "pending requests for your channels",
    args: 0,
    async run({ conn, print }) {
      const page = await conn.requests.pending({ limit: MAX_PAGE });
      if (page.items.length === 0) return print("* No pending requests");
      print(...page.items.map(renderRequest));
    },
  },
  grant: {
    usage: "/grant <channel> <name>",
    help: "let someone into your channel",
    args: 2,
    async run({ conn, print }, [channel, name]) {
      const request = await conn.requests.grant(channel, name);
      print(`* ${request.requester} may now use #${request.channel}`);
    },
  },
  deny: {
    usage: "/deny <channel> <name>",
    help: "refuse someone's request",
    args: 2,
    async run({ conn, print }, [channel, name]) {
      const request = await conn.requests.deny(channel, name);
      print(`* Denied ${request.requester} access to #${request.channel}`);
    },
  },
  slow: {
    usage: "/slow <channel> <seconds>",
    help: "slow mode in your channel: one message per person per N s; 0 off",
    args: 2,
    async run({ conn, print }, [channel, seconds]) {
      // Digits only: Number() would also take "1e3", " 5" or "0x10".
      const value = /^\d{1,6}$/.test(seconds) ? Number(seconds) : NaN;
      const updated = await conn.setSlowMode(channel, value);
      print(
        updated.slowModeSeconds === 0
          ? `* Slow mode is off in #${updated.name}`
          : `* Slow mode on in #${updated.name}: ${updated.slowModeSeconds} s between messages (you are exempt)`,
      );
    },
  },
  ...MODERATION_COMMANDS,
  ...DIRECT_COMMANDS,
  leave: {
    usage: "/leave",
    help: "go back to the general chat",
    args: 0,
    run({ conn, print }) {
      conn.leave();
      print("* You are in the general chat");
    },
  },
  channels: {
    usage: "/channels",
    help: "list channels",
    args: 0,
    async run({ conn, print }) {
      const page = await conn.channels({ limit: MAX_PAGE });
      if (page.items.length === 0) {
        return print("* No channels yet; /create one");
      }
      print(
        `* Channels:`,
        ...pageLines(page, (c) => `  #${c.name} (owner ${c.owner})`),
      );
    },
  },
  who: {
    usage: "/who",
    help: "list participants, online ones marked",
    args: 0,
    async run({ conn, print }) {
      const page = await conn.who({ limit: MAX_PAGE });
      const online = page.items.filter((p) => p.online).length;
      print(
        `* Participants (${online} online on this page):`,
        ...pageLines(
          page,
          (p) =>
            `  ${p.online ? "+" : " "} ${p.name}${p.online ? " (online)" : ""}`,
        ),
      );
    },
  },
  history: {
    usage: "/history [count|new]",
    help: "recent messages where you are; new: what you missed",
    args: 1,
    async run({ conn, print }, [count]) {
      if (count?.toLowerCase() === "new") return await printMissed(conn, print);
      const limit = count === undefined ? 20 : Number(count);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
        throw new ChatError(
          "invalid",
          `Count must be a whole number from 1 to ${MAX_PAGE}`,
        );
      }
      const page = conn.direct === null
        ? await conn.history({ limit })
        : await conn.dms.history(conn.direct, { limit });
      const where = placeName(conn);
      if (page.messages.length === 0) {
        return print(`* No messages in ${where} yet`);
      }
      print(
        `* Last ${page.messages.length} messages in ${where}:`,
        ...page.messages.map(renderMessage),
      );
    },
  },
  help: {
    usage: "/help",
    help: "this list",
    args: 0,
    run({ print, width }) {
      print(...helpLines(width));
    },
  },
  quit: {
    usage: "/quit",
    help: "disconnect",
    args: 0,
    run({ quit }) {
      quit();
    },
  },
};

/**
 * Splits `/name a b rest…` into a command and its arguments; with `keep`,
 * argument number `keep` (and the last) is the rest of the line as typed.
 */
export function parseCommand(
  line: string,
  keep?: number,
): { name: string; args: string[] } {
  const text = line.slice(1).trim();
  const [head, ...rest] = text.split(/\s+/);
  const args = rest.filter((a) => a.length > 0);
  if (keep === undefined || args.length <= keep) {
    return { name: head.toLowerCase(), args };
  }
  // Skip the name and the arguments before the rest, keeping its spacing.
  const before = new RegExp(`^\\S+(?:\\s+\\S+){${keep - 1}}\\s+`);
  return {
    name: head.toLowerCase(),
    args: [...args.slice(0, keep - 1), text.replace(before, "")],
  };
}

/** Runs one slash command line, or throws a `ChatError` saying what is wrong. */
export async function runCommand(
  ctx: CommandContext,
  line: string,
): Promise<void> {
  const { name } = parseCommand(line);
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    throw new ChatError(
      "invalid",
      `Unknown command /${name}; /help lists them`,
    );
  }
  const { args } = parseCommand(line, command.rest ? command.args : undefined);
  const required =
    command.usage.split(" ").filter((w) => w.startsWith("<")).length;
  if (args.length < required || args.length > command.args) {
    throw new ChatError("invalid", `Usage: ${command.usage}`);
  }
  await command.run(ctx, args);
}

/**
 * The `/help` text for a terminal `columns` wide: a table of usage and
 * description, `extra` rows (commands answered elsewhere) included. A long
 * description wraps under its own column; when even that column would be
 * too narrow, each description goes under its usage instead.
 */
export function helpLines(
  columns: number = DEFAULT_WIDTH,
  extra: [string, string][] = [],
): string[] {
  const rows: [string, string][] = [
    ...Object.values(COMMANDS).map((c): [string, string] => [c.usage, c.help]),
    ...extra,
  ];
  const usageWidth = Math.max(...rows.map(([usage]) => usage.length));
  const side = usageWidth + 4 + MIN_HELP_COLUMNS <= columns;
  const lines = wrapLine(
    "* Commands (any other line is a message to where you are):",
    columns,
  );
  for (const [usage, help] of rows) {
    if (!side) {
      lines.push(...wrapLine(`  ${usage}`, columns));
      lines.push(...wrapLine(`      ${help}`, columns, { hang: 0 }));
      continue;
    }
    const [first, ...rest] = wrapLine(help, columns - usageWidth - 4, {
      hang: 0,
    });
    lines.push(`  ${usage.padEnd(usageWidth)}  ${first}`);
    for (const more of rest) lines.push(" ".repeat(usageWidth + 4) + more);
  }
  return lines;
}

// Narrowest description column worth keeping beside the usage column.
const MIN_HELP_COLUMNS = 20;

function welcome(name: string): string[] {
  return [
    `* Welcome, ${name}. You are in the general chat.`,
    "* Type a line to talk; /help lists commands, /menu shows choices.",
  ];
}
