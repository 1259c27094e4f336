import { requests, send } from "../lib/web/client/store.ts";

/** Join requests for the user's channels, with Grant and Deny. */
export default function RequestInbox() {
  if (requests.value.length === 0) return <div class="panel inbox empty" />;
  return (
    <section class="panel inbox" aria-label="Join requests">
      <h2>Join requests</h2>
      <ul>
        {requests.value.map((r) => (
          <li key={`${r.channel}/${r.requester}`} class="request">
            <span>
              <strong>{r.requester}</strong> wants <strong>#{r.channel}</strong>
            </span>
            <span class="row">
              <button
                type="button"
                class="small primary"
                onClick={() =>
                  send({
                    type: "grant",
                    channel: r.channel,
                    name: r.requester,
                  })}
              >
                Grant
              </button>
              <button
                type="button"
                class="small"
                onClick={() =>
                  send({ type: "deny", channel: r.channel, name: r.requester })}
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
