import { AuthForm } from "../components/AuthForm.tsx";
import type { FormError } from "../components/Field.tsx";
import {
  define,
  describeError,
  failureHeaders,
  nextPath,
  page,
  readForm,
  signInReason,
} from "../lib/web/define.ts";

interface Data {
  error: FormError | null;
  reason: string | null;
  name: string;
  next: string | null;
}

/** Shows the form, or signs in and goes to the chat (or the room it came from). */
export const handler = define.handlers<Data>({
  GET(ctx) {
    const next = nextPath(ctx.url.searchParams.get("next"));
    if (ctx.state.user) return ctx.redirect(next ?? "/chat");
    const reason = signInReason(ctx.url.searchParams.get("reason"));
    return page({ error: null, reason, name: "", next });
  },
  async POST(ctx) {
    const form = await readForm(ctx.req);
    const name = String(form.get("name") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const next = nextPath(String(form.get("next") ?? ""));
    try {
      const participant = await ctx.state.chat.authenticate(name, password, {
        address: ctx.state.address,
      });
      await ctx.state.signIn(participant.name);
      return ctx.redirect(next ?? "/chat");
    } catch (error) {
      const failure = describeError(error);
      // Wrong credentials: the name stays, the password is typed again.
      const field = failure.code === "invalid_credentials"
        ? "password"
        : failure.field;
      return page(
        {
          error: { field, message: failure.message },
          reason: null,
          name,
          next,
        },
        { status: failure.status, headers: failureHeaders(failure) },
      );
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
    reason={data.reason}
    name={data.name}
    next={data.next}
    passwordAutocomplete="current-password"
    footer={
      <>
        New here? <a href="/register">Create an account</a>
      </>
    }
  />
));
