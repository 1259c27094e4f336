import { define, page } from "../lib/web/define.ts";

interface Data {
  error: string | null;
  name: string;
  email: string;
}

/** Shows the form, or creates the account, signs in and goes to the chat. */
export const handler = define.handlers<Data>({
  GET(ctx) {
    if (ctx.state.user) return ctx.redirect("/chat");
    return page({ error: null, name: "", email: "" });
  },
  async POST(ctx) {
    const form = await ctx.req.formData();
    const name = String(form.get("name") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const email = String(form.get("email") ?? "").trim();
    try {
      const participant = await ctx.state.chat.register(name, password, email, {
        address: ctx.state.address,
      });
      await ctx.state.signIn(participant.name);
      return ctx.redirect("/chat");
    } catch (error) {
      const known = error instanceof Error && error.name === "ChatError";
      return page({
        error: known ? error.message : "Something went wrong; please try again",
        name,
        email,
      }, {
        status: known && "code" in error && error.code === "taken" ? 409 : 400,
      });
    }
  },
});

/** The registration form; works without JavaScript. */
export default define.page<typeof handler>(({ data }) => (
  <main class="auth">
    <a class="brand small-brand" href="/">
      <span class="logo" aria-hidden="true">P</span> Parley
    </a>
    <form method="post" action="/register" class="card form">
      <h1>Create an account</h1>
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
        autoComplete="new-password"
        required
      />
      <label for="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        value={data.email}
        autoComplete="email"
        required
      />
      <button type="submit" class="primary">Create account</button>
      <p class="muted">
        Already registered? <a href="/login">Log in</a>
      </p>
    </form>
  </main>
));
