import { status } from "../lib/web/client/store.ts";

/** What each connection state is called. */
export const STATUS_LABELS = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  idle: "Disconnected (idle)",
  signed_out: "Signed out",
};

/** The connection badge in the top bar (on phones, only its dot shows). */
export default function ConnectionStatus() {
  const s = status.value;
  return (
    <span
      class={`status status-${s}`}
      role="status"
      data-status={s}
      title={STATUS_LABELS[s]}
    >
      <span class="dot" aria-hidden="true" />
      <span class="status-label">{STATUS_LABELS[s]}</span>
    </span>
  );
}
