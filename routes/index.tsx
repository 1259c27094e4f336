import { define, page } from "../lib/web/define.ts";

/** The landing page's data. */
export const handler = define.handlers({
  GET(ctx) {
    return page({ user: ctx.state.user, telnet: ctx.state.telnetAddress });
  },
});

/** What Parley is, where to sign in, and how to come in by telnet. */
export default define.page<typeof handler>(({ data }) => (
  <main class="landing">
    <h1 class="brand">
      <span class="logo" aria-hidden="true">P</span> Parley
    </h1>
    <p class="lead">
      A small, fast chat server. Talk in the general chat, open private
      channels, and meet people whether they use a browser or a plain telnet
      terminal.
    </p>
    <p class="actions">
      {data.user
        ? (
          <a class="button primary" href="/chat">
            Open the chat as {data.user}
          </a>
        )
        : (
          <>
            <a class="button primary" href="/register">Create an account</a>
            <a class="button" href="/login">Log in</a>
          </>
        )}
    </p>
    <section class="card">
      <h2>From a terminal</h2>
      {data.telnet
        ? (
          <p>
            Connect with{" "}
            <code>telnet {data.telnet}</code>; the same account works in both
            places.
          </p>
        )
        : <p>The telnet listener is not enabled on this server.</p>}
    </section>
  </main>
));
