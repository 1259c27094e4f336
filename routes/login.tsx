import { define, page } from "../lib/web/define.ts";

interface Data {
  error: string | null;
  name: string;
}

/** Shows the form, or signs in and goes to the chat. */
export const handler = define.handlers<Data>({
  GET(ctx) {
    if (ctx.state.user) return ctx.redirect("/chat");
    return page({ error: null, name: "" });
  },
  async POST(ctx) {
    const form = await ctx.req.formData();
    const name = String(form.get("name") ?? "").trim();
    const password = String(form.get("password") ?? "");
    try {
      const participant = await ctx.state.chat.authenticate(name, password, {
        address: ctx.state.address,
      });
      await ctx.state.signIn(participant.name);
      return ctx.redirect("/chat");
    } catch (error) {
      return page({ error: errorText(error), name }, { status: 401 });
    }
  },
});

function errorText(error: unknown): string {
  return error instanceof Error && error.name === "ChatError"
    ? error.message
    : "Something went wrong; please try again";
}

/** The login form; works without JavaScript. */
export default define.page<typeof handler>(({ data }) => (
  <main class="auth">
    <a class="brand small-brand" href="/">
      <span class="logo" aria-hidden="true">P</span> Parley
    </a>
    <form
      method="post"
      action="/login"
      class="card form"
      aria-describedby="form-error"
    >
      <h1>Log in</h1>
      {data.error && (
        <p id="form-error" class="form-error" role="alert">{data.error}</p>
      )}
      <label for="name">Username</label>
      <input
        id="name"
        name="name"
        value={data.name}
        autoComplete="username"
        required
        autofocus
      />
      <label for="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <button type="submit" class="primary">Log in</button>
      <p class="muted">
        New here? <a href="/register">Create an account</a>
      </p>
    </form>
  </main>
));
