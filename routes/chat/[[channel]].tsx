import { Brand } from "../../components/Brand.tsx";
import {
  type Context,
  define,
  describeError,
  loginUrl,
  page,
  type State,
} from "../../lib/web/define.ts";
import Composer from "../../islands/Composer.tsx";
import ConnectionStatus from "../../islands/ConnectionStatus.tsx";
import CreateChannel from "../../islands/CreateChannel.tsx";
import DirectList from "../../islands/DirectList.tsx";
import DrawerToggle from "../../islands/DrawerToggle.tsx";
import MessageList from "../../islands/MessageList.tsx";
import Notices from "../../islands/Notices.tsx";
import ParticipantList from "../../islands/ParticipantList.tsx";
import RequestInbox from "../../islands/RequestInbox.tsx";
import RoomList from "../../islands/RoomList.tsx";
import RoomPanel from "../../islands/RoomPanel.tsx";

interface Data {
  me: string;
  room: string | null;
  locked: { channel: string; reason: "forbidden" | "not_found" } | null;
  messages: Awaited<ReturnType<State["readHistory"]>>["messages"];
  hasMore: boolean;
}

/**
 * `/chat` is the general chat, `/chat/<channel>` a channel, `/chat/@<name>`
 * the direct conversation with `name`: the page renders that room's newest
 * messages. A channel the user may not read (or that does not exist, or a
 * name nobody has) renders a page that says so, with its status code.
 */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    const me = ctx.state.user;
    if (!me) return ctx.redirect(loginUrl(ctx.url.pathname));
    // decodeURI leaves an escaped "@" escaped.
    const room = ctx.params.channel?.replace(/^%40/i, "@") || null;
    if (room?.startsWith("@")) return await direct(ctx, me, room.slice(1));
    try {
      const history = await ctx.state.readHistory(me, {
        channel: room,
        limit: 50,
      });
      const { messages, hasMore } = history;
      return page({ me, room, locked: null, messages, hasMore });
    } catch (error) {
      const failure = describeError(error);
      if (room === null || failure.status >= 500) throw error;
      // A bad name is no channel, as far as the reader is concerned.
      const reason = failure.code === "forbidden" ? "forbidden" : "not_found";
      const locked = { channel: room, reason } satisfies Data["locked"];
      return page({ me, room: null, locked, messages: [], hasMore: false }, {
        status: reason === "forbidden" ? 403 : 404,
      });
    }
  },
});

// The page of `me`'s conversation with `peer`; its room is `@peer`, as the
// browser names it (lib/web/client/direct.ts).
async function direct(ctx: Context<State>, me: string, peer: string) {
  const room = `@${peer}`;
  const known = peer.toLowerCase() !== me.toLowerCase() &&
    await ctx.state.chat.isRegistered(peer);
  if (!known) {
    const locked = { channel: room, reason: "not_found" as const };
    return page({ me, room: null, locked, messages: [], hasMore: false }, {
      status: 404,
    });
  }
  const history = await ctx.state.readDirectHistory(me, { peer, limit: 50 });
  const messages = history.messages.map((m) => ({
    id: m.id,
    sender: m.sender,
    sentAt: m.sentAt,
    text: m.text,
    channel: room,
  }));
  return page({ me, room, locked: null, messages, hasMore: history.hasMore });
}

/** The chat: rooms and people on the side (a drawer on phones), the room in the middle. */
export default define.page<typeof handler>(({ data }) => (
  <div class="chat-layout">
    <header class="topbar">
      <DrawerToggle />
      <Brand />
      <ConnectionStatus />
      <form method="post" action="/logout" class="signout">
        <span class="whoami" title={`Signed in as ${data.me}`}>{data.me}</span>
        <button type="submit" class="small">Log out</button>
      </form>
    </header>
    <aside class="sidebar" id="sidebar" aria-label="Rooms and people">
      <RequestInbox />
      <RoomList room={data.room} locked={data.locked !== null} />
      <RoomPanel room={data.room} />
      <DirectList room={data.room} />
      <CreateChannel />
      <ParticipantList />
      <form method="post" action="/logout?everywhere=1" class="signout-all">
        <button
          type="submit"
          class="small"
          title="End every sign-in of this account, on every device"
        >
          Log out everywhere
        </button>
      </form>
    </aside>
    <main class="conversation">
      <Notices />
      <MessageList
        me={data.me}
        room={data.room}
        locked={data.locked}
        history={data.messages}
        hasMore={data.hasMore}
      />
      <Composer room={data.room} locked={data.locked !== null} />
    </main>
  </div>
));
