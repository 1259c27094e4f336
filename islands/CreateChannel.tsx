import { useState } from "preact/hooks";
import { createChannel, type FrameRefusal } from "../lib/web/client/store.ts";

/** The form that creates a channel; a refusal stays next to the field, with its text. */
export default function CreateChannel() {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const wanted = name.trim();
    if (!wanted || busy) return;
    setBusy(true);
    try {
      await createChannel(wanted);
      setName("");
      setError(null);
    } catch (refusal) {
      setError((refusal as FrameRefusal).message);
      form.querySelector("input")?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel inline-form" onSubmit={onSubmit}>
      <label for="new-channel">New channel</label>
      <div class="row">
        <input
          id="new-channel"
          value={name}
          maxLength={64}
          placeholder="name"
          autoComplete="off"
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "new-channel-error" : undefined}
          onInput={(e) => {
            setName((e.currentTarget as HTMLInputElement).value);
            setError(null);
          }}
        />
        <button type="submit" aria-disabled={busy ? "true" : undefined}>
          Create
        </button>
      </div>
      {error && (
        <p id="new-channel-error" class="field-error" role="alert">{error}</p>
      )}
    </form>
  );
}
