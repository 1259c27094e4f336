import { notice, reconnect, status } from "../lib/web/client/store.ts";

const LABELS = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  idle: "Disconnected (idle)",
  signed_out: "Signed out",
};

/** The connection badge, the latest notice, and Reconnect after an idle close. */
export default function ConnectionStatus() {
  const s = status.value;
  return (
    <div class="status-area">
      <span class={`status status-${s}`} role="status" data-status={s}>
        <span class="dot" aria-hidden="true" />
        {LABELS[s]}
      </span>
      {s === "idle" && (
        <span class="idle-notice">
          You were idle for too long.{" "}
          <button type="button" class="small primary" onClick={reconnect}>
            Reconnect
          </button>
        </span>
      )}
      {s === "signed_out" && <a href="/login">Log in again</a>}
      {notice.value && (
        <p class={notice.value.error ? "notice error" : "notice"} role="alert">
          {notice.value.text}
          <button
            type="button"
            class="close"
            aria-label="Dismiss"
            onClick={() => (notice.value = null)}
          >
            ×
          </button>
        </p>
      )}
    </div>
  );
}
