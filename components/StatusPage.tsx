import type { ComponentChildren } from "preact";
import { Brand } from "./Brand.tsx";

/** Props of `StatusPage`. */
export interface StatusPageProps {
  status: number;
  title: string;
  /** Whether someone is signed in: the chat is then the way back. */
  signedIn: boolean;
  /** What happened, in a sentence or two. */
  children: ComponentChildren;
}

/** The shell of the 404 and error pages: what happened, and where to go next. */
export function StatusPage(props: StatusPageProps) {
  return (
    <main class="auth">
      <Brand />
      <section class="card status-page" aria-labelledby="status-title">
        <p class="status-code">{props.status}</p>
        <h1 id="status-title">{props.title}</h1>
        <p>{props.children}</p>
        <p class="actions">
          {props.signedIn
            ? (
              <>
                <a class="button primary" href="/chat">Back to the chat</a>
                <a class="button" href="/">Start page</a>
              </>
            )
            : (
              <>
                <a class="button primary" href="/">Start page</a>
                <a class="button" href="/login">Log in</a>
              </>
            )}
        </p>
      </section>
    </main>
  );
}
