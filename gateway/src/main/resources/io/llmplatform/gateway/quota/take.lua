-- One token bucket, refilled for the time elapsed since its last use (Redis server time, the same
-- clock for every gateway replica), then: if it holds at least `required`, take `cost`.
-- KEYS[1]: the bucket. ARGV: capacity, refill per second, required, cost.
-- Returns {allowed (1 or 0), level as a string} (a Lua number would be truncated to an integer).
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local required = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'level', 'updated')
local level = tonumber(state[1])
local updated = tonumber(state[2])
if level == nil or updated == nil then
  level = capacity
  updated = now
end
level = math.min(capacity, level + math.max(0, now - updated) * rate)
local allowed = 0
if level >= required then
  level = level - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'updated', tostring(now))
-- A bucket left alone long enough to be full again is the same as no bucket: let it expire.
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - level) / rate * 1000) + 1000)
return {allowed, tostring(level)}
