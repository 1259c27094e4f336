import { AuthForm } from "../components/AuthForm.tsx";
import { Field, type FormError } from "../components/Field.tsx";
import {
  define,
  describeError,
  failureHeaders,
  MIN_PASSWORD_LENGTH,
  page,
  readForm,
} from "../lib/web/define.ts";

interface Data {
  error: FormError | null;
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
    const form = await readForm(ctx.req);
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
      const failure = describeError(error);
      const { field, message, status } = failure;
      return page({ error: { field, message }, name, email }, {
        status,
        headers: failureHeaders(failure),
      });
    }
  },
});

/** The registration form; works without JavaScript. */
export default define.page<typeof handler>(({ data }) => (
  <AuthForm
    action="/register"
    title="Create an account"
    submit="Create account"
    error={data.error}
    name={data.name}
    passwordAutocomplete="new-password"
    minPasswordLength={MIN_PASSWORD_LENGTH}
    footer={
      <>
        Already registered? <a href="/login">Log in</a>
      </>
    }
  >
    <Field
      id="email"
      label="Email"
      type="email"
      error={data.error}
      value={data.email}
      autoComplete="email"
      required
    />
  </AuthForm>
));
