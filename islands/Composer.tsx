import { useRef } from "preact/hooks";
import {
  hydrated,
  IS_BROWSER,
  locked,
  peerOf,
  room,
} from "../lib/web/client/store.ts";
import { composerError, drafts } from "../lib/web/client/drafts.ts";
import { sameRoom } from "../lib/web/client/messages.ts";
import { queueMessage } from "../lib/web/client/pending.ts";

/** Props: the room the page was rendered for, and whether it is locked. */
export interface ComposerProps {
  room: string | null;
  locked: boolean;
}

/**
 * The message box: Enter sends, Shift+Enter starts a new line. What is
 * typed is kept per room (and across reloads) until it is sent; a message
 * sent while offline or too fast waits in the list and goes out later.
 */
export default function Composer(props: ComposerProps) {
  const input = useRef<HTMLTextAreaElement>(null);
  // Until every island is hydrated, render what the server rendered.
  const live = IS_BROWSER && hydrated.value;
  const here = live ? room.value : props.room;
  const shut = live ? locked.value !== null : props.locked;
  const text = live ? drafts.get(here) : "";
  const error =
    composerError.value && sameRoom(composerError.value.channel, here)
      ? composerError.value.message
      : null;
  const submit = () => {
    if (text.trim()) {
      queueMessage(text);
      drafts.set(here, "");
      composerError.value = null;
    }
    input.current?.focus();
  };
  if (shut) return <div class="composer empty" />;
  const peer = peerOf(here);
  const where = here === null
    ? "the general chat"
    : peer !== null
    ? peer
    : `#${here}`;
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label for="message" class="visually-hidden">Message</label>
      <textarea
        id="message"
        ref={input}
        name="text"
        rows={1}
        dir="auto"
        autoComplete="off"
        placeholder={`Message ${where}`}
        value={text}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? "message-error" : "message-hint"}
        onInput={(e) => {
          drafts.set(here, (e.currentTarget as HTMLTextAreaElement).value);
          composerError.value = null;
        }}
        onKeyDown={(e) => {
          // Enter sends; Shift+Enter (and Enter while composing) does not.
          if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit">Send</button>
      {error
        ? <p id="message-error" class="field-error" role="alert">{error}</p>
        : (
          <p id="message-hint" class="visually-hidden">
            Enter sends; Shift+Enter starts a new line
          </p>
        )}
    </form>
  );
}
