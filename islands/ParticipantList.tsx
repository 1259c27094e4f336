import { me, participants } from "../lib/web/client/store.ts";

/** Everyone registered, online first, with a mark for who is online. */
export default function ParticipantList() {
  const list = [...(participants.value ?? [])].sort((a, b) =>
    Number(b.online) - Number(a.online) || a.name.localeCompare(b.name)
  );
  const online = list.filter((p) => p.online).length;
  return (
    <section class="panel people" aria-label="Participants">
      <h2>
        People{" "}
        <span class="muted">
          {participants.value ? `${online} online` : ""}
        </span>
      </h2>
      <ul>
        {participants.value === null && <li class="muted">Loading…</li>}
        {list.map((p) => (
          <li key={p.name} class={p.online ? "person online" : "person"}>
            <span class="dot" aria-hidden="true" />
            <span>{p.name}{p.name === me.value ? " (you)" : ""}</span>
            <span class="visually-hidden">
              {p.online ? "online" : "offline"}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
