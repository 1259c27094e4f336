import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { handOver } from "../../lib/web/client/store.ts";

/** Props of `HandOverConfirm`. */
export interface HandOverConfirmProps {
  channel: string;
  /** The member who would become the owner. */
  name: string;
  /** Closes the question unanswered (Cancel or Escape). */
  onCancel(): void;
  /** Called once the server handed the channel over. */
  onDone(): void;
}

/**
 * The owner's in-page "are you sure" before handing a channel over: it
 * cannot be undone by the old owner, so it takes a second, deliberate
 * press. Focus starts on Cancel, the harmless answer; Escape cancels.
 */
export function HandOverConfirm(props: HandOverConfirmProps) {
  const { channel, name } = props;
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  // Before the next paint: the focus moves with what is shown.
  useLayoutEffect(() => cancel.current?.focus(), [name]);
  const confirm = () => {
    if (busy) return;
    setBusy(true);
    handOver(name).then((done) => {
      if (done) props.onDone();
      // Refused (shown as a notice): the question stays, to retry or cancel.
      else setBusy(false);
    });
  };
  return (
    <div
      id="handover-confirm"
      class="confirm"
      role="group"
      aria-labelledby="handover-question"
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onCancel();
      }}
    >
      <p id="handover-question">
        Make {name} the owner of #{channel}? You stay a member, and only {name}
        {" "}
        can hand it back.
      </p>
      <span class="row">
        <button
          type="button"
          class="small primary"
          aria-disabled={busy ? "true" : undefined}
          onClick={confirm}
        >
          Make {name} owner
        </button>
        <button
          ref={cancel}
          type="button"
          class="small"
          onClick={props.onCancel}
        >
          Cancel
        </button>
      </span>
    </div>
  );
}
