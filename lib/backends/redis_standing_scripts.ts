/**
 * The Redis backend's Lua scripts for standings, handovers, direct
 * messages and blocks. Like the others (`redis_scripts.ts`), each receives
 * every key it touches in KEYS and keeps a record and its indexes in step
 * in one atomic step.
 *
 * @module
 */
import {
  CHANNEL_FIELDS,
  luaFields,
  REQUEST_FIELDS,
  type ScriptTable,
} from "./redis_scripts.ts";

/** The scripts, as methods ioredis adds through `defineCommand`. */
export interface StandingScripts {
  /**
   * Moves a standing to `to` if it is one of `from…` (`none`: no hash,
   * which is created) and the channel is still `owner`'s, keeping the
   * pending list, the requester's index and the roster in step. Resolves
   * `["ok", …REQUEST_FIELDS]` or `["not_found"]`.
   */
  parleyStanding(
    request: string,
    channelHash: string,
    pending: string,
    byRequester: string,
    members: string,
    bans: string,
    owner: string,
    pendingMember: string,
    channelMember: string,
    requesterMember: string,
    channel: string,
    requester: string,
    to: string,
    now: string,
    ...from: string[]
  ): Promise<(string | null)[]>;
  /**
   * Hands a channel from `previous` to `to` if `previous` still owns it:
   * owner field, both `owned` sets, the channel's pending members moved
   * (scores kept), and `previous` made a member. Resolves the channel's
   * `CHANNEL_FIELDS` after, or null.
   */
  parleyTransfer(
    channelHash: string,
    ownedBefore: string,
    ownedAfter: string,
    pendingBefore: string,
    pendingAfter: string,
    previousRequest: string,
    previousRequests: string,
    members: string,
    previous: string,
    to: string,
    channelMember: string,
    pendingPrefix: string,
    previousMember: string,
    channel: string,
    now: string,
  ): Promise<(string | null)[] | null>;
  /**
   * Appends a direct message (id spliced in, as `parleyStore` does) and
   * records it as both sides' newest: `infoHead` + id + `}` is the JSON of
   * each side's conversation entry. Resolves the id.
   */
  parleyDirect(
    seq: string,
    log: string,
    senderConvs: string,
    recipientConvs: string,
    senderInfo: string,
    recipientInfo: string,
    jsonTail: string,
    recipientMember: string,
    senderMember: string,
    senderInfoHead: string,
    recipientInfoHead: string,
  ): Promise<number>;
}

/** The scripts' Lua, by command name. */
export const STANDING_SCRIPTS: ScriptTable = {
  // KEYS: request, channel, pending, requests-by, members, bans.
  // ARGV: owner, pending member, channel member, requester member, channel,
  // requester, to, now, from…
  parleyStanding: {
    keys: 6,
    lua: `
if redis.call('HGET', KEYS[2], 'owner') ~= ARGV[1] then return {'not_found'} end
local state = redis.call('HGET', KEYS[1], 'state') or 'none'
local allowed = false
for i = 9, #ARGV do
  if ARGV[i] == state then allowed = true end
end
if not allowed then return {'not_found'} end
if state == 'none' then
  redis.call('HSET', KEYS[1], 'channel', ARGV[5], 'requester', ARGV[6],
    'requestedAt', ARGV[8])
  redis.call('ZADD', KEYS[4], 0, ARGV[3])
end
if state == 'pending' then redis.call('ZREM', KEYS[3], ARGV[2]) end
if state == 'granted' then redis.call('ZREM', KEYS[5], ARGV[4]) end
if state == 'banned' then redis.call('ZREM', KEYS[6], ARGV[4]) end
redis.call('HSET', KEYS[1], 'state', ARGV[7], 'decidedAt', ARGV[8])
if ARGV[7] == 'granted' then redis.call('ZADD', KEYS[5], 0, ARGV[4]) end
if ARGV[7] == 'banned' then redis.call('ZADD', KEYS[6], 0, ARGV[4]) end
local row = redis.call('HMGET', KEYS[1], ${luaFields(REQUEST_FIELDS)})
return {'ok', unpack(row)}`,
  },
  // KEYS: channel, owned before/after, pending before/after, previous
  // owner's request and requests-by, members. ARGV: previous, to, channel
  // member, pending prefix, previous member, channel, now.
  parleyTransfer: {
    keys: 8,
    lua: `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return false end
redis.call('HSET', KEYS[1], 'owner', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], 0, ARGV[3])
local all = redis.call('ZRANGE', KEYS[4], 0, -1, 'WITHSCORES')
for i = 1, #all, 2 do
  if string.sub(all[i], 1, #ARGV[4]) == ARGV[4] then
    redis.call('ZREM', KEYS[4], all[i])
    redis.call('ZADD', KEYS[5], all[i + 1], all[i])
  end
end
if redis.call('EXISTS', KEYS[6]) == 0 then
  redis.call('HSET', KEYS[6], 'channel', ARGV[6], 'requester', ARGV[1],
    'requestedAt', ARGV[7])
  redis.call('ZADD', KEYS[7], 0, ARGV[3])
end
redis.call('HSET', KEYS[6], 'state', 'granted', 'decidedAt', ARGV[7])
redis.call('ZADD', KEYS[8], 0, ARGV[5])
return redis.call('HMGET', KEYS[1], ${luaFields(CHANNEL_FIELDS)})`,
  },
  parleyDirect: {
    keys: 6,
    lua: `
local id = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], id, string.format('{"id":%d,', id) .. ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[2])
redis.call('ZADD', KEYS[4], 0, ARGV[3])
redis.call('HSET', KEYS[5], ARGV[2], ARGV[4] .. id .. '}')
redis.call('HSET', KEYS[6], ARGV[3], ARGV[5] .. id .. '}')
return id`,
  },
};
