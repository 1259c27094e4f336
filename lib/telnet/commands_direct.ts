/**
 * The telnet commands of direct messages: send one, enter a conversation
 * (plain lines then go to the other participant), list conversations with
 * unread counts, block and unblock.
 *
 * @module
 */
import { MAX_PAGE } from "../chat/mod.ts";
import { printUnread } from "./catch_up.ts";
import type { Command } from "./commands.ts";
import { pageLines } from "./render.ts";

/** The direct-message commands, by name. */
export const DIRECT_COMMANDS: Record<string, Command> = {
  msg: {
    usage: "/msg <name> <text>",
    help: "send someone a direct message without leaving where you are",
    args: 2,
    rest: true,
    async run({ conn }, [name, text]) {
      // The message itself comes back, like a line said in a room.
      await conn.dms.send(name, text);
    },
  },
  dm: {
    usage: "/dm <name>",
    help: "talk privately with someone: plain lines go to them",
    args: 1,
    async run({ conn, print }, [name]) {
      const peer = await conn.enterDirect(name);
      print(
        `* You are talking with ${peer}; /leave returns to the general chat`,
      );
      await printUnread(conn, print);
    },
  },
  dms: {
    usage: "/dms",
    help: "your direct conversations, with unread counts",
    args: 0,
    async run({ conn, print }) {
      const page = await conn.dms.conversations({ limit: MAX_PAGE });
      if (page.items.length === 0) {
        return print("* No direct conversations yet; /msg someone");
      }
      print(
        "* Direct conversations:",
        ...pageLines(
          page,
          (c) => `  ${c.peer}${c.unread > 0 ? ` (${c.unread} unread)` : ""}`,
        ),
      );
    },
  },
  block: {
    usage: "/block [name]",
    help: "refuse someone's direct messages; alone: whom you block",
    args: 1,
    async run({ conn, print }, [name]) {
      if (name !== undefined) {
        return print(`* You block ${await conn.dms.block(name)}`);
      }
      const page = await conn.dms.blocked({ limit: MAX_PAGE });
      if (page.items.length === 0) return print("* You block nobody");
      print(
        "* You block:",
        ...pageLines(page, (b) => `  ${b.name}`),
      );
    },
  },
  unblock: {
    usage: "/unblock <name>",
    help: "accept someone's direct messages again",
    args: 1,
    async run({ conn, print }, [name]) {
      print(`* You no longer block ${await conn.dms.unblock(name)}`);
    },
  },
};
