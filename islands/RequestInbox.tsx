import { decide, requests } from "../lib/web/client/store.ts";

/** Join requests for the user's channels, with Grant and Deny, and their count. */
export default function RequestInbox() {
  const list = requests.value;
  if (list.length === 0) return <div class="panel inbox empty" />;
  return (
    <section class="panel inbox" aria-labelledby="inbox-title">
      <h2 id="inbox-title">
        Join requests <span class="unread-count">{list.length}</span>
      </h2>
      <ul>
        {list.map((r) => (
          <li key={`${r.channel}/${r.requester}`} class="request">
            <span
              class="request-text"
              title={`${r.requester} wants #${r.channel}`}
            >
              <strong>{r.requester}</strong> wants <strong>#{r.channel}</strong>
            </span>
            <span class="row">
              <button
                type="button"
                class="small primary"
                onClick={() =>
                  decide(true, r)}
              >
                Grant
              </button>
              <button
                type="button"
                class="small"
                onClick={() =>
                  decide(false, r)}
              >
                Deny
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
