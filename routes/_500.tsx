import { StatusPage } from "../components/StatusPage.tsx";
import { define, describeError, statusText } from "../lib/web/define.ts";

/**
 * Shown for an error a page throws, with the error's status: 500 and a
 * generic sentence for a failure (never its internals), the chat error's
 * or `HttpError`'s own words otherwise (503 "History unavailable", 405).
 */
export default define.page(({ error, state }) => {
  const { status, message } = describeError(error);
  return (
    <StatusPage
      status={status}
      title={statusText(status)}
      signedIn={!!state.user}
    >
      {message}.
    </StatusPage>
  );
});
