import { useRef, useState } from "preact/hooks";
import { room, say, status } from "../lib/web/client/store.ts";

/** The message box: Enter or the Send button sends to the room on screen. */
export default function Composer() {
  const [text, setText] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    const clean = text.trim();
    if (clean && say(clean)) setText("");
    input.current?.focus();
  };
  const where = room.value === null ? "the general chat" : `#${room.value}`;
  return (
    <form class="composer" onSubmit={onSubmit}>
      <label for="message" class="visually-hidden">Message</label>
      <input
        id="message"
        ref={input}
        name="text"
        autoComplete="off"
        maxLength={2000}
        placeholder={`Message ${where}`}
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit" disabled={status.value !== "connected"}>
        Send
      </button>
    </form>
  );
}
