import { Brand } from "../components/Brand.tsx";
import { define, page } from "../lib/web/define.ts";
import ChannelList from "../islands/ChannelList.tsx";
import Composer from "../islands/Composer.tsx";
import ConnectionStatus from "../islands/ConnectionStatus.tsx";
import MessageList from "../islands/MessageList.tsx";
import ParticipantList from "../islands/ParticipantList.tsx";
import RequestInbox from "../islands/RequestInbox.tsx";

/** The chat page needs a sign-in; it renders the newest general messages. */
export const handler = define.handlers({
  async GET(ctx) {
    const me = ctx.state.user;
    if (!me) return ctx.redirect("/login");
    const history = await ctx.state.readHistory(me, {
      channel: null,
      limit: 50,
    });
    return page({ me, messages: history.messages, hasMore: history.hasMore });
  },
});

/** The chat: rooms and people on the side, the room's messages in the middle. */
export default define.page<typeof handler>(({ data }) => (
  <div class="chat-layout">
    <header class="topbar">
      <Brand />
      <ConnectionStatus />
      <form method="post" action="/logout" class="signout">
        <span class="whoami">{data.me}</span>
        <button type="submit" class="small">Log out</button>
      </form>
    </header>
    <aside class="sidebar">
      <RequestInbox />
      <ChannelList />
      <ParticipantList />
    </aside>
    <main class="conversation">
      <MessageList
        me={data.me}
        history={data.messages}
        hasMore={data.hasMore}
      />
      <Composer />
    </main>
  </div>
));
