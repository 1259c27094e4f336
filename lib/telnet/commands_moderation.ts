/**
 * The telnet commands of channel moderation: remove, ban, unban and list
 * bans (owners), leave a channel for good, list its members, hand it over.
 * The target and the channel hear of each act through the core's events.
 *
 * @module
 */
import { MAX_PAGE, type Presence } from "../chat/mod.ts";
import type { Command } from "./commands.ts";
import { pageLines } from "./render.ts";

function mark(p: Presence, role?: string): string {
  const notes = [role, p.online ? "online" : undefined].filter(Boolean);
  const tail = notes.length > 0 ? ` (${notes.join(", ")})` : "";
  return `  ${p.online ? "+" : " "} ${p.name}${tail}`;
}

// An owner's act on one participant, confirmed in `done`'s words.
function act(
  kind: "remove" | "ban" | "unban",
  help: string,
  done: string,
): Command {
  return {
    usage: `/${kind} <channel> <name>`,
    help,
    args: 2,
    async run({ conn, print }, [channel, name]) {
      const r = await conn.moderation[kind](channel, name);
      print(
        "* " +
          done.replace("{name}", r.requester).replace("{channel}", r.channel),
      );
    },
  };
}

/** The moderation commands, by name. */
export const MODERATION_COMMANDS: Record<string, Command> = {
  members: {
    usage: "/members <channel>",
    help: "the owner and members of a channel you use, online ones marked",
    args: 1,
    async run({ conn, print }, [channel]) {
      const { owner, members, channel: c } = await conn.moderation.members(
        channel,
        { limit: MAX_PAGE },
      );
      const all = [owner, ...members.items];
      const online = all.filter((p) => p.online).length;
      print(
        `* Members of #${c.name} (${online} online):`,
        mark(owner, "owner"),
        ...pageLines(members, (p) => mark(p)),
      );
    },
  },
  remove: act(
    "remove",
    "take someone's access to your channel; they may ask again",
    "Removed {name} from #{channel}",
  ),
  ban: act(
    "ban",
    "remove someone and refuse their requests until /unban",
    "Banned {name} from #{channel}",
  ),
  unban: act(
    "unban",
    "lift a ban; they may ask again",
    "Lifted the ban on {name} in #{channel}",
  ),
  bans: {
    usage: "/bans <channel>",
    help: "who is banned from your channel",
    args: 1,
    async run({ conn, print }, [channel]) {
      const page = await conn.moderation.bans(channel, { limit: MAX_PAGE });
      const name = channel.replace(/^#/, "");
      if (page.items.length === 0) {
        return print(`* Nobody is banned from #${name}`);
      }
      print(
        `* Banned from #${page.items[0].channel}:`,
        ...pageLines(page, (r) => `  ${r.requester}`),
      );
    },
  },
  part: {
    usage: "/part <channel>",
    help: "give up your access to a channel (/leave only steps out)",
    args: 1,
    async run({ conn }, [channel]) {
      // Every connection of theirs, this one included, is told by the core.
      await conn.moderation.part(channel);
    },
  },
  transfer: {
    usage: "/transfer <channel> <name>",
    help: "hand your channel to one of its members",
    args: 2,
    async run({ conn, print }, [channel, name]) {
      const c = await conn.moderation.transfer(channel, name);
      print(`* #${c.name} now belongs to ${c.owner}; you stay a member`);
    },
  },
};
