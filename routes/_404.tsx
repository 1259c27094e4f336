import { StatusPage } from "../components/StatusPage.tsx";
import { define } from "../lib/web/define.ts";

/** Shown, with status 404, for every path no route takes. */
export default define.page(({ url, state }) => (
  <StatusPage status={404} title="Page not found" signedIn={!!state.user}>
    There is no page at{" "}
    <code>{url.pathname}</code>. The link may be old, or the address mistyped.
  </StatusPage>
));
