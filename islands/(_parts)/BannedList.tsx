import { unbanMember } from "../../lib/web/client/store.ts";

/** Props of `BannedList`. */
export interface BannedListProps {
  channel: string;
  /** The banned names, in name order. */
  names: string[];
  /** Called before an unban, whose button then goes away. */
  onAct(): void;
}

/** The owner's list of who is banned from the channel, each with Unban. */
export function BannedList({ channel, names, onAct }: BannedListProps) {
  if (names.length === 0) return null;
  return (
    <section class="banned" aria-labelledby="banned-title">
      <h3 id="banned-title">Banned</h3>
      <ul>
        {names.map((name) => (
          <li key={name} class="person" title={name}>
            <span class="person-name">{name}</span>
            <button
              type="button"
              class="small"
              aria-label={`Unban ${name} from #${channel}`}
              onClick={() => {
                onAct();
                unbanMember(name);
              }}
            >
              Unban
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
