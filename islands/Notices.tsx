import { notice, reconnect, status } from "../lib/web/client/store.ts";
import { clearNotice } from "../lib/web/client/notices.ts";

/**
 * Over the conversation: why the page is not connected (with Reconnect
 * after an idle close), and the latest notice, which clears itself.
 */
export default function Notices() {
  const s = status.value;
  const n = notice.value;
  return (
    <div class="notices">
      {s === "idle" && (
        <p class="notice banner">
          You were idle for too long.{" "}
          <button
            type="button"
            class="small primary"
            onClick={() => {
              clearNotice();
              reconnect();
            }}
          >
            Reconnect
          </button>
        </p>
      )}
      {s === "reconnecting" && (
        <p class="notice banner">
          Connection lost; reconnecting. What you send now waits until then.
        </p>
      )}
      {n && (
        <p
          class={n.error ? "notice error" : "notice"}
          role={n.error ? "alert" : "status"}
        >
          <span>{n.text}</span>
          <button
            type="button"
            class="close"
            aria-label="Dismiss"
            onClick={clearNotice}
          >
            ×
          </button>
        </p>
      )}
    </div>
  );
}
