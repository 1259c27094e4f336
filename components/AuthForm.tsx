import type { ComponentChildren } from "preact";
import { Brand } from "./Brand.tsx";

/** Props of `AuthForm`. */
export interface AuthFormProps {
  /** Where the form posts, e.g. `/login`. */
  action: string;
  title: string;
  /** Text of the submit button. */
  submit: string;
  /** Shown above the fields when the last attempt failed. */
  error: string | null;
  /** The name to keep in the field after a failed attempt. */
  name: string;
  /** `current-password` to log in, `new-password` to register. */
  passwordAutocomplete: "current-password" | "new-password";
  /** Fields after the password (e.g. Email). */
  children?: ComponentChildren;
  /** The line under the button (a link to the other form). */
  footer: ComponentChildren;
}

/** The shared shell of the login and registration pages; plain HTML forms. */
export function AuthForm(props: AuthFormProps) {
  return (
    <main class="auth">
      <Brand />
      <form
        method="post"
        action={props.action}
        class="card form"
        aria-describedby="form-error"
      >
        <h1>{props.title}</h1>
        {props.error && (
          <p id="form-error" class="form-error" role="alert">{props.error}</p>
        )}
        <label for="name">Username</label>
        <input
          id="name"
          name="name"
          value={props.name}
          autoComplete="username"
          required
          autofocus
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={props.passwordAutocomplete}
          required
        />
        {props.children}
        <button type="submit" class="primary">{props.submit}</button>
        <p class="muted">{props.footer}</p>
      </form>
    </main>
  );
}
