import { AuthForm } from "../components/AuthForm.tsx";
import { define, describeError, page } from "../lib/web/define.ts";

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
      const failure = describeError(error);
      return page({ error: failure.message, name }, { status: failure.status });
    }
  },
});

/** The login form; works without JavaScript. */
export default define.page<typeof handler>(({ data }) => (
  <AuthForm
    action="/login"
    title="Log in"
    submit="Log in"
    error={data.error}
    name={data.name}
    passwordAutocomplete="current-password"
    footer={
      <>
        New here? <a href="/register">Create an account</a>
      </>
    }
  />
));
