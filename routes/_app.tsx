import { define } from "../lib/web/define.ts";

/** The HTML shell around every page; the boot script is external (CSP). */
export default define.app(({ Component, state }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Parley</title>
      <link rel="stylesheet" href={state.asset("/styles.css")} />
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <script
        type="module"
        src={state.asset("/_fresh/js/client_entry.js")}
      >
      </script>
    </head>
    <body>
      <Component />
    </body>
  </html>
));
