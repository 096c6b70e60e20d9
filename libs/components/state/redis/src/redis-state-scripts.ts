import type { Redis } from 'ioredis';

/**
 * The Lua scripts behind `state.redis`. Each runs atomically inside Redis, which is what makes
 * ETag checks compare-and-swap and transactions all-or-nothing. Keys are hashes with fields
 * `data` (the value) and `version` (the ETag, bumped by HINCRBY on every write), as in Dapr, so
 * data written by Dapr's sidecar reads back here and vice versa.
 */

/** Reads a key's data, version and remaining TTL (PTTL: -1 none) in one atomic step. */
const GetScript = `
local fields = redis.call('HMGET', KEYS[1], 'data', 'version')
if not fields[1] then return nil end
return { fields[1], fields[2] or '', redis.call('PTTL', KEYS[1]) }
`;

/** Arguments per operation in {@link CommitScript}'s ARGV: kind, etag, first-write, ttl, data. */
const CommitStride = 5;

/**
 * Applies a list of operations (one KEYS entry each) or none of them.
 *
 * Pass 1 checks every operation against the stored version plus the effects of the operations
 * before it, without writing; the first failure returns `{index, reason, storedVersion}`. Only when
 * all pass does pass 2 write, so a failed check leaves Redis untouched.
 *
 * Per operation, ARGV holds: kind (`set`/`del`), etag (`''` = unchecked; a missing key accepts any
 * etag, as in Dapr), first-write (`1` rejects a set without etag on an existing key), ttl (`''` keeps
 * the key's TTL, `-1` removes it, else seconds) and the data.
 */
const CommitScript = `
local stride = ${CommitStride}
local staged = {}
for i = 1, #KEYS do
  local key = KEYS[i]
  local kind, etag, firstWrite = ARGV[(i - 1) * stride + 1], ARGV[(i - 1) * stride + 2], ARGV[(i - 1) * stride + 3]
  local current = staged[key]
  if current == nil then
    local stored = redis.call('HGET', key, 'version')
    current = stored and tonumber(stored) or false
  end
  if etag ~= '' and current and current ~= tonumber(etag) then
    return { i, 'mismatch', tostring(current) }
  end
  if kind == 'set' then
    if etag == '' and firstWrite == '1' and current then return { i, 'exists', tostring(current) } end
    staged[key] = (current or 0) + 1
  else
    staged[key] = false
  end
end
for i = 1, #KEYS do
  local key, base = KEYS[i], (i - 1) * stride
  if ARGV[base + 1] == 'set' then
    redis.call('HSET', key, 'data', ARGV[base + 5])
    redis.call('HINCRBY', key, 'version', 1)
    local ttl = ARGV[base + 4]
    if ttl == '-1' then redis.call('PERSIST', key) elseif ttl ~= '' then redis.call('EXPIRE', key, ttl) end
  else
    redis.call('DEL', key)
  end
end
return { 0 }
`;

/** `[data, version ('' when absent), pttl]`, or null for a missing key. */
export type GetReply = [Buffer, Buffer, number] | null;

/** `[0]` when applied, else `[1-based index, 'mismatch' | 'exists', stored version]`. */
export type CommitReply = [0] | [number, string, string];

/** The script commands {@link defineStateScripts} adds to a client (EVALSHA, falling back to EVAL). */
export interface StateScripts {
  daprStateGetBuffer(key: string): Promise<GetReply>;
  daprStateCommit(numKeys: number, ...keysThenArgs: (string | Buffer)[]): Promise<CommitReply>;
}

/** Registers the scripts on `client`; ioredis caches their SHA and re-sends the body on NOSCRIPT. */
export function defineStateScripts(client: Redis): Redis & StateScripts {
  client.defineCommand('daprStateGet', { numberOfKeys: 1, lua: GetScript });
  client.defineCommand('daprStateCommit', { lua: CommitScript });
  return client as Redis & StateScripts;
}
