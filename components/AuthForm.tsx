import type { ComponentChildren } from "preact";
import { Brand } from "./Brand.tsx";
import { Field, type FormError } from "./Field.tsx";

/** Props of `AuthForm`. */
export interface AuthFormProps {
  /** Where the form posts, e.g. `/login`. */
  action: string;
  title: string;
  /** Text of the submit button. */
  submit: string;
  /** The last attempt's failure: next to its field, or above the form. */
  error: FormError | null;
  /** Why the user is here (e.g. a session that ended), above the form. */
  reason?: string | null;
  /** The name to keep in the field after a failed attempt. */
  name: string;
  /** `current-password` to log in, `new-password` to register. */
  passwordAutocomplete: "current-password" | "new-password";
  /** Shortest password accepted; shown as a hint (registration). */
  minPasswordLength?: number;
  /** The chat page to return to after signing in. */
  next?: string | null;
  /** Fields after the password (e.g. Email). */
  children?: ComponentChildren;
  /** The line under the button (a link to the other form). */
  footer: ComponentChildren;
}

/** The shared shell of the login and registration pages; plain HTML forms. */
export function AuthForm(props: AuthFormProps) {
  const { error } = props;
  const formError = error && !error.field ? error.message : null;
  const min = props.minPasswordLength;
  return (
    <main class="auth">
      <Brand />
      <form method="post" action={props.action} class="card form" noValidate>
        <h1>{props.title}</h1>
        {props.reason && <p class="form-reason" role="status">{props.reason}
        </p>}
        {formError && <p class="form-error" role="alert">{formError}</p>}
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <Field
          id="name"
          label="Username"
          error={error}
          value={props.name}
          autoComplete="username"
          required
          autofocus={!error?.field}
        />
        <Field
          id="password"
          label="Password"
          type="password"
          error={error}
          hint={min ? `At least ${min} characters` : undefined}
          minLength={min}
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
