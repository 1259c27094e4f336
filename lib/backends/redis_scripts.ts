/**
 * Private helpers of the Redis backend: the key layout, row decoding and
 * the Lua scripts. Everything that fixes what the data looks like inside
 * Redis lives here; `redis.ts` holds the behaviour.
 *
 * Every key a script touches arrives in KEYS (none are built inside Lua),
 * so the scripts also work on a cluster when all keys share a hash tag.
 *
 * @module
 */
import type { Redis } from "ioredis";
import {
  type Channel,
  directPair,
  FILING_REFUSALS,
  type HistoryPage,
  isDirect,
  type JoinRequest,
  type JoinRequestState,
  nameKey,
  type Participant,
  type Room,
  type RosterState,
} from "../chat/mod.ts";
import type { StandingScripts } from "./redis_standing_scripts.ts";

/**
 * The key of a name inside other keys: its `nameKey` with everything
 * outside `[a-z0-9_-]` escaped as `%xxxx` (one UTF-16 unit each, so the
 * escape is injective even for lone surrogates). It never contains the `:`
 * separator, and valid names keep their spelling and their order.
 */
export function part(name: string): string {
  return nameKey(name).replace(
    /[^a-z0-9_-]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

/** Builds the keys of the layout in docs/backend_redis.md under a prefix. */
export class RedisKeys {
  #prefix: string;

  /** Keys will start with `prefix`. */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  /** Any key under the prefix. */
  key(suffix: string): string {
    return this.#prefix + suffix;
  }

  /** Hash of one participant. */
  user(name: string): string {
    return this.userAt(part(name));
  }

  /** Hash of the participant whose `users` member is `member`. */
  userAt(member: string): string {
    return this.key(`user:${member}`);
  }

  /** Hash of one channel. */
  channel(name: string): string {
    return this.channelAt(part(name));
  }

  /** Hash of the channel whose `channels` member is `member`. */
  channelAt(member: string): string {
    return this.key(`channel:${member}`);
  }

  /** Hash of one join request. */
  request(channel: string, requester: string): string {
    return this.requestAt(requestMember(channel, requester));
  }

  /** Hash of the request whose `pending` member is `member`. */
  requestAt(member: string): string {
    return this.key(`request:${member}`);
  }

  /** Sorted set of an owner's pending requests, scored by filing order. */
  pending(owner: string): string {
    return this.key(`pending:${part(owner)}`);
  }

  /** Lex set of the channels a participant owns. */
  owned(owner: string): string {
    return this.key(`owned:${part(owner)}`);
  }

  /** Lex set of the channels a participant has asked to join. */
  requestsBy(requester: string): string {
    return this.key(`requests-by:${part(requester)}`);
  }

  /** Hash of a participant's read markers: one field per room (`markerField`). */
  markers(name: string): string {
    return this.key(`marker:${part(name)}`);
  }

  /** A room's id counter and its sorted set of messages. */
  room(channel: string | null): { seq: string; log: string } {
    return this.#log(
      `room:${channel === null ? "general" : `channel:${part(channel)}`}`,
    );
  }

  /** A direct conversation's id counter and its sorted set of messages. */
  direct(a: string, b: string): { seq: string; log: string } {
    const [x, y] = directPair(a, b).map(part);
    return this.#log(`room:direct:${x}:${y}`);
  }

  /** Lex set of a channel's members (`granted`) or bans, by `<n>`. */
  roster(channel: string, state: RosterState): string {
    return this.key(`roster:${part(channel)}:${state}`);
  }

  /** Lex set of `<n>` of each peer `name` has a conversation with. */
  conversations(name: string): string {
    return this.key(`convs:${part(name)}`);
  }

  /** Hash: field `<n>` of a peer = `name`'s side of that conversation (JSON). */
  conversationInfo(name: string): string {
    return this.key(`conv:${part(name)}`);
  }

  /** Lex set of `<n>` of each participant `by` blocks. */
  blocks(by: string): string {
    return this.key(`blocks:${part(by)}`);
  }

  /** Hash: field `<n>` of a blocked participant = the block (JSON). */
  blockInfo(by: string): string {
    return this.key(`block:${part(by)}`);
  }

  /** `name`'s notice counter and their sorted set of notices. */
  inbox(name: string): { seq: string; log: string } {
    return this.#log(`inbox:${part(name)}`);
  }

  #log(name: string): { seq: string; log: string } {
    return { seq: this.key(`${name}:seq`), log: this.key(`${name}:log`) };
  }
}

/**
 * A room's field in a `markers` hash: `general`, `channel:<c>`, or
 * `direct:<n>` for the conversation with `<n>` (the hash is per reader).
 */
export function markerField(room: Room): string {
  if (isDirect(room)) return `direct:${part(room.peer)}`;
  return room === null ? "general" : `channel:${part(room)}`;
}

/** The `pending` member, and `request` key suffix, of one request. */
export function requestMember(channel: string, requester: string): string {
  return `${part(channel)}:${part(requester)}`;
}

/** Hash fields read for a participant, in `toParticipant` order. */
export const USER_FIELDS = [
  "name",
  "email",
  "createdAt",
  "lastLoginAt",
] as const;
/** Hash fields read for a channel, in `toChannel` order. */
export const CHANNEL_FIELDS = [
  "name",
  "owner",
  "createdAt",
  "slowModeSeconds",
] as const;
/** Hash fields read for a join request, in `toRequest` order. */
export const REQUEST_FIELDS = [
  "channel",
  "requester",
  "state",
  "requestedAt",
  "decidedAt",
] as const;

type Row = (string | null)[];

/** A participant from an HMGET of `USER_FIELDS`; null when absent. */
export function toParticipant(row: Row): Participant | null {
  const [name, email, createdAt, lastLoginAt] = row;
  if (name === null) return null;
  return {
    name,
    email: email ?? "",
    createdAt: Number(createdAt),
    lastLoginAt: optNumber(lastLoginAt),
  };
}

/** A channel from an HMGET of `CHANNEL_FIELDS`; null when absent. */
export function toChannel(row: Row): Channel | null {
  const [name, owner, createdAt, slowModeSeconds] = row;
  if (name === null) return null;
  return {
    name,
    owner: owner ?? "",
    createdAt: Number(createdAt),
    // Channels created before slow mode existed lack the field.
    slowModeSeconds: Number(slowModeSeconds ?? 0),
  };
}

/** A join request from an HMGET of `REQUEST_FIELDS`; null when absent. */
export function toRequest(row: Row): JoinRequest | null {
  const [channel, requester, state, requestedAt, decidedAt] = row;
  if (channel === null) return null;
  return {
    channel,
    requester: requester ?? "",
    state: state as JoinRequestState,
    requestedAt: Number(requestedAt),
    decidedAt: optNumber(decidedAt),
  };
}

/** A stored timestamp; "" (never) and missing read as null. */
export function optNumber(value: string | null | undefined): number | null {
  return value ? Number(value) : null;
}

/** A history page from sorted-set members, already oldest first. */
export function toPage<M>(rows: string[], hasMore: boolean): HistoryPage<M> {
  return { messages: rows.map((r) => JSON.parse(r) as M), hasMore };
}

/** The backend's scripts, as methods ioredis adds through `defineCommand`. */
export interface ParleyScripts {
  /**
   * Writes `fields` into `hash` and adds `member` to the lex `index` unless
   * `hash` exists. Resolves 1 when created, 0 when taken.
   */
  parleyCreate(
    hash: string,
    index: string,
    member: string,
    ...fields: string[]
  ): Promise<number>;
  /**
   * Creates a channel hash with `fields` unless it exists, adding `member`
   * to the `channels` index and to the owner's `owned` index in the same
   * script. Resolves 1 when created, 0 when taken.
   */
  parleyCreateChannel(
    hash: string,
    index: string,
    owned: string,
    member: string,
    ...fields: string[]
  ): Promise<number>;
  /**
   * Sets a participant's `lastLoginAt` to `now`; resolves their
   * `USER_FIELDS` as they were before, or null when there is no such user.
   */
  parleyLogin(user: string, now: string): Promise<(string | null)[] | null>;
  /**
   * Sets a channel's `slowModeSeconds` if the channel exists; resolves its
   * `CHANNEL_FIELDS` after the change, or null when there is none.
   */
  parleySlowMode(
    channel: string,
    seconds: string,
  ): Promise<(string | null)[] | null>;
  /** Appends a message: resolves its id, burned only if the write happens. */
  parleyStore(seq: string, log: string, jsonTail: string): Promise<number>;
  /** Raises one field of a markers hash to `id`; a lower id changes nothing. */
  parleyMarker(markers: string, field: string, id: string): Promise<number>;
  /**
   * Files a join request in `pending`, the list of `owner`; resolves "ok",
   * the reason it was refused, or "moved" when the channel has another
   * owner now (read it again and retry).
   */
  parleyRequest(
    request: string,
    pending: string,
    byRequester: string,
    counter: string,
    channelHash: string,
    pendingMember: string,
    channelMember: string,
    channel: string,
    requester: string,
    now: string,
    owner: string,
  ): Promise<string>;
  /**
   * Decides a pending request while `owner` owns the channel (the caller
   * checked the decider is); a grant joins the roster. Resolves
   * `["ok", channel, requester, requestedAt]` or `[reason]`.
   */
  parleyDecide(
    request: string,
    pending: string,
    channelHash: string,
    roster: string,
    pendingMember: string,
    state: "granted" | "denied",
    now: string,
    owner: string,
    rosterMember: string,
  ): Promise<[string, ...(string | null)[]]>;
}

/** A client with the scripts defined. */
export type ScriptedRedis = Redis & ParleyScripts & StandingScripts;

/** Lua scripts by command name, with how many of their arguments are keys. */
export type ScriptTable = Record<string, { keys: number; lua: string }>;

const SCRIPTS: Record<keyof ParleyScripts, { keys: number; lua: string }> = {
  parleyCreate: {
    keys: 2,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 1`,
  },
  parleyCreateChannel: {
    keys: 3,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], 0, ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[1])
return 1`,
  },
  parleyLogin: {
    keys: 1,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local before = redis.call('HMGET', KEYS[1], ${luaFields(USER_FIELDS)})
redis.call('HSET', KEYS[1], 'lastLoginAt', ARGV[1])
return before`,
  },
  parleySlowMode: {
    keys: 1,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[1], 'slowModeSeconds', ARGV[1])
return redis.call('HMGET', KEYS[1], ${luaFields(CHANNEL_FIELDS)})`,
  },
  // The id is spliced into the JSON here rather than encoded with cjson so
  // the caller's JSON (text, numbers) is stored byte for byte; the id makes
  // every member unique even when two messages are otherwise identical.
  parleyStore: {
    keys: 2,
    lua: `
local id = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], id, string.format('{"id":%d,', id) .. ARGV[1])
return id`,
  },
  parleyMarker: {
    keys: 1,
    lua: `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) <= current then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`,
  },
  // KEYS: request hash, owner's pending zset, requester's zset, counter.
  // The counter scores the pending index, so "oldest first" paging has a
  // unique, numeric cursor even when requests share a millisecond.
  parleyRequest: {
    keys: 5,
    lua: `
if redis.call('HGET', KEYS[5], 'owner') ~= ARGV[6] then return 'moved' end
local state = redis.call('HGET', KEYS[1], 'state')
${luaRefusals()}
local seq = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[1], 'channel', ARGV[3], 'requester', ARGV[4],
  'state', 'pending', 'requestedAt', ARGV[5], 'decidedAt', '')
redis.call('ZADD', KEYS[2], seq, ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[2])
return 'ok'`,
  },
  parleyDecide: {
    keys: 4,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
if redis.call('HGET', KEYS[1], 'state') ~= 'pending' then
  return {'not_pending'}
end
if redis.call('HGET', KEYS[3], 'owner') ~= ARGV[4] then return {'forbidden'} end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'decidedAt', ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[2] == 'granted' then redis.call('ZADD', KEYS[4], 0, ARGV[5]) end
local r = redis.call('HMGET', KEYS[1], 'channel', 'requester', 'requestedAt')
return {'ok', r[1], r[2], r[3]}`,
  },
};

/** A Lua argument list naming `fields`, e.g. 'name', 'email'. */
export function luaFields(fields: readonly string[]): string {
  return fields.map((f) => `'${f}'`).join(", ");
}

// The core's refusals of a filing (`FILING_REFUSALS`), as Lua over `state`.
function luaRefusals(): string {
  return Object.entries(FILING_REFUSALS).map(([state, reason]) =>
    `if state == '${state}' then return '${reason}' end`
  ).join("\n");
}

/**
 * Defines these scripts and `more` on `redis`; ioredis sends EVALSHA and
 * falls back to EVAL.
 */
export function defineScripts(
  redis: Redis,
  more: ScriptTable,
): ScriptedRedis {
  for (const table of [SCRIPTS, more]) {
    for (const [name, { keys, lua }] of Object.entries(table)) {
      redis.defineCommand(name, { numberOfKeys: keys, lua });
    }
  }
  return redis as ScriptedRedis;
}
