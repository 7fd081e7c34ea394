package redis

// luaNow is Lua that sets `now` to the Redis server's clock in milliseconds,
// so every replica of the service judges expiry by the same clock.
const luaNow = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`

// seatLua is the Lua every seat script begins with: luaNow's `now`, then
// owner(v), which splits the "user:expiryMs" value of a hold or a lock mark,
// and conflicts(user, first), which returns, of the seats in ARGV from first
// on, those taken (set KEYS[1]), those held by another user (hash KEYS[2]) and
// those locked by another user's booking in flight (hash KEYS[3], the marks),
// and 1 when a taken one may be the user's own (the set names the user, or a
// buyer it does not know), else 0.
const seatLua = luaNow + `local function owner(v) local i = string.find(v, ':'); return string.sub(v, 1, i - 1), tonumber(string.sub(v, i + 1)) end
local function conflicts(user, first)
  local taken, held, locked = {}, {}, {}
  for i = first, #ARGV do
    local s = ARGV[i]
    if redis.call('SISMEMBER', KEYS[1], s) == 1 then taken[#taken + 1] = s
    else
      local m = redis.call('HGET', KEYS[3], s)
      local who, exp
      if m then who, exp = owner(m) end
      if m and who ~= user and exp > now then locked[#locked + 1] = s
      else
        local v = redis.call('HGET', KEYS[2], s)
        if v then who, exp = owner(v); if who ~= user and exp > now then held[#held + 1] = s end end
      end
    end
  end
  local mine = 0
  if #taken > 0 and (redis.call('SISMEMBER', KEYS[1], 'u:' .. user) == 1 or redis.call('SISMEMBER', KEYS[1], 'u:?') == 1) then mine = 1 end
  return taken, held, locked, mine
end
`
