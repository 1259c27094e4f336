import {
  channels,
  enterRoom,
  type Locked,
  requestAccess,
} from "../../lib/web/client/store.ts";
import { sameRoom } from "../../lib/web/client/messages.ts";

/** What a user opening a channel's URL sees when they may not read it. */
export function LockedRoom({ locked }: { locked: Locked }) {
  const name = locked.channel;
  const access = channels.value?.find((c) => sameRoom(c.name, name))?.access;
  const missing = locked.reason === "not_found";
  const person = name.startsWith("@") ? name.slice(1) : null;
  return (
    <div class="locked-room" role="status">
      <p>
        {person !== null
          ? `There is nobody called ${person} to talk to.`
          : missing
          ? `There is no channel #${name}.`
          : access === "pending"
          ? `You asked for access to #${name}; its owner has not answered yet.`
          : access === "denied"
          ? `The owner of #${name} declined your request; you may ask again.`
          : access === "banned"
          ? `You are banned from #${name}.`
          : `#${name} is private: only its owner and the people they let in can read it.`}
      </p>
      <p class="actions">
        {!missing && person === null && access !== "pending" &&
          access !== "banned" && (
          <button
            type="button"
            class="primary"
            onClick={() => requestAccess(name)}
          >
            Request access
          </button>
        )}
        <button type="button" onClick={() => enterRoom(null)}>
          Go to the general chat
        </button>
      </p>
    </div>
  );
}
