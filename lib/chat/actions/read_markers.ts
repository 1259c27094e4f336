/**
 * Read markers: where each participant left off in each room, so a client
 * that keeps no state of its own (telnet) is shown exactly what it missed.
 *
 * While in a room a connection receives every message of it live, so when
 * it leaves, everything up to the room's newest message was seen: that id
 * becomes its participant's marker. What a connection missed is then the
 * messages after the marker that came before it entered the room; later
 * ones reached it live.
 *
 * @module
 */
import type { Backend } from "../ports/backend.ts";
import type { CloseReason } from "../model/events.ts";
import { isMessageId } from "../rules/history_window.ts";
import {
  type HistoryPage,
  type HistoryQuery,
  type Room,
  sameRoom,
} from "../model/types.ts";
import { type AnyMessage, newestId, roomHistory } from "./rooms.ts";

/** Runs storage work that shutdown waits for (`Session.guard`). */
export type StorageRunner = <T>(
  what: string,
  work: () => Promise<T>,
) => Promise<T>;

/** What read markers need to know of a connection. */
export interface Reader {
  /** The logged-in participant's name, or null. */
  readonly name: string | null;
}

/** Options for `ReadMarkers`. */
export interface ReadMarkersOptions {
  /** Runs (and logs the failures of) every storage call. */
  run: StorageRunner;
  /**
   * Called once a marker is written, so the participant's other
   * connections can clear the room's unread count.
   */
  moved?: (name: string, room: Room, id: number) => void;
}

interface Visit {
  room: Room;
  // The room's newest id when the connection entered it.
  head: Promise<number>;
}

const WHAT = "Read marker not saved";

/** Records read markers as connections move, and finds what they missed. */
export class ReadMarkers {
  #backend: Backend;
  #run: StorageRunner;
  #moved?: (name: string, room: Room, id: number) => void;
  #visits = new WeakMap<Reader, Visit>();

  /** Reads and writes markers in `backend`. */
  constructor(backend: Backend, options: ReadMarkersOptions) {
    this.#backend = backend;
    this.#run = options.run;
    this.#moved = options.moved;
  }

  /** Notes that `conn` entered `room`; call at the very moment it moves. */
  entered(conn: Reader, room: Room): void {
    const name = conn.name;
    if (name === null) return;
    // Read now, not on demand: a later read would count live messages too.
    // If it fails, nothing is bounded: a duplicate beats a gap.
    const head = this.#run(WHAT, () => newestId(this.#backend, name, room))
      .catch(() => Number.POSITIVE_INFINITY);
    this.#visits.set(conn, { room, head });
  }

  /**
   * Notes that `conn` left `room`: its participant has seen the room up to
   * its newest message. Fire-and-forget (failures are logged by `run`),
   * so a move or a close never waits on storage.
   */
  left(
    conn: Reader,
    room: Room,
    options: { reason?: CloseReason } = {},
  ): void {
    this.#visits.delete(conn);
    const name = conn.name;
    // A dropped slow consumer may have lost deliveries: it saw nothing sure.
    if (name === null || options.reason === "slow_consumer") return;
    // Started synchronously, so the head is read before later writes land.
    this.#run(WHAT, () => this.#toNewest(name, room)).catch(() => {});
  }

  /** Moves `conn`'s participant's marker in `room` to its newest message. */
  async caughtUp(conn: Reader, room: Room): Promise<void> {
    if (conn.name !== null) await this.#toNewest(conn.name, room);
  }

  async #toNewest(name: string, room: Room): Promise<void> {
    const head = await newestId(this.#backend, name, room);
    if (isMessageId(head)) await this.#write(name, room, head);
  }

  async #write(name: string, room: Room, id: number): Promise<void> {
    await this.#backend.setReadMarker(name, room, id);
    this.#moved?.(name, room, id);
  }

  /**
   * The page of `room` after `conn`'s participant's marker that did not
   * reach `conn` live, oldest first; `hasMore` when a further call (after
   * `markRead` of the last one) has more.
   */
  async missed(
    conn: Reader,
    room: Room,
    query: Pick<HistoryQuery, "limit"> = {},
  ): Promise<HistoryPage<AnyMessage>> {
    const name = conn.name;
    if (name === null) return { messages: [], hasMore: false };
    const visit = this.#visits.get(conn);
    const head = visit && sameRoom(visit.room, room)
      ? await visit.head
      : Number.POSITIVE_INFINITY;
    const after = await this.#backend.getReadMarker(name, room);
    if (after >= head) return { messages: [], hasMore: false };
    const page = await roomHistory(this.#backend, name, room, {
      limit: query.limit,
      after,
    });
    const messages = page.messages.filter((m) => m.id <= head);
    const last = messages.at(-1);
    const hasMore = page.hasMore && messages.length === page.messages.length &&
      last !== undefined && last.id < head;
    return { messages, hasMore };
  }

  /**
   * Moves `conn`'s participant's marker in `room` forward to `id`; an id
   * no message can have (0, negative, fractional, NaN) changes nothing.
   */
  async markRead(conn: Reader, room: Room, id: number): Promise<void> {
    if (conn.name === null || !isMessageId(id)) return;
    await this.#write(conn.name, room, id);
  }
}
