import {
  directRoom,
  enterRoom,
  me,
  participants,
  status,
} from "../lib/web/client/store.ts";

/**
 * Everyone registered, online first. While the page is disconnected
 * nobody's presence is known, so every mark is greyed and says so.
 */
export default function ParticipantList() {
  const known = status.value === "connected";
  const list = [...(participants.value ?? [])].sort((a, b) =>
    Number(b.online) - Number(a.online) || a.name.localeCompare(b.name)
  );
  const online = list.filter((p) => p.online).length;
  return (
    <section
      class={known ? "panel people" : "panel people stale"}
      aria-labelledby="people-title"
    >
      <h2 id="people-title">
        People{" "}
        <span class="muted">
          {!participants.value
            ? ""
            : known
            ? `${online} online`
            : "(status unknown while disconnected)"}
        </span>
      </h2>
      <ul>
        {participants.value === null && <li class="muted">Loading…</li>}
        {list.map((p) => (
          <li
            key={p.name}
            class={p.online && known ? "person online" : "person"}
            title={p.name}
          >
            <span class="dot" aria-hidden="true" />
            <span class="person-name">
              {p.name}
              {p.name === me.value ? " (you)" : ""}
            </span>
            {known && (
              <span class="visually-hidden">
                {p.online ? "online" : "offline"}
              </span>
            )}
            {p.name !== me.value && (
              <button
                type="button"
                class="small"
                aria-label={`Message ${p.name}`}
                onClick={() => enterRoom(directRoom(p.name))}
              >
                Message
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
