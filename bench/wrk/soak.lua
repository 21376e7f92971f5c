-- For bench/soak.sh: a seeded random mix of real requests against one API, counting every status class.
-- Environment: SOAK_CODES (file of "level code" lines: the regions to ask about), SOAK_RELEASE (release id),
-- SOAK_SEED (seed of the mix), SOAK_BAD_PERCENT (share of deliberately bad requests, default 2).
--
-- A deliberately bad request names a region or release that cannot exist ("18.98", "soak-missing-release") or a
-- level that does not ("hamlet"); the API's problem details repeat it, so a 4xx whose body holds one of these marks
-- is counted as expected and any other 4xx as unexpected (wrk does not say which request a response answers).
-- Run with one thread (-t1): the counters live in the thread's Lua state and done() reads them from there.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local codes = { regency = {}, district = {}, village = {} }
local release = os.getenv("SOAK_RELEASE") or "latest"
local bad_percent = tonumber(os.getenv("SOAK_BAD_PERCENT") or "2")
local bad_marks = { "18.98", "soak-missing-release", "hamlet" }

status_2xx, status_3xx, status_4xx_expected, status_4xx_unexpected, status_5xx, status_other, bad_sent = 0, 0, 0, 0, 0, 0, 0

-- Read while the script loads (in every Lua state): opening the file from init() fails inside wrk's threads.
local file = assert(io.open(assert(os.getenv("SOAK_CODES"), "SOAK_CODES not set"), "r"))
for line in file:lines() do
  local level, code = line:match("^(%a+) (%S+)$")
  if level and codes[level] then table.insert(codes[level], code) end
end
file:close()
for level, list in pairs(codes) do assert(#list > 0, "no " .. level .. " codes in SOAK_CODES") end

function init(args)
  math.randomseed(tonumber(os.getenv("SOAK_SEED") or "18"))
end

local function pick(list) return list[math.random(#list)] end
local function any_code()
  local r = math.random(100)
  if r <= 10 then return "18" elseif r <= 30 then return pick(codes.regency)
  elseif r <= 60 then return pick(codes.district) else return pick(codes.village) end
end
local function measure() return math.random(2) == 1 and "families" or "persons" end
local function format()
  local r = math.random(10)
  if r <= 6 then return "" elseif r <= 8 then return "&format=csv" else return "&format=json-stat" end
end
local function table_name() return math.random(2) == 1 and "tiers" or "deciles" end

local good = {
  -- one to five regions by code
  function()
    local list = { any_code() }
    for _ = 2, math.random(5) do table.insert(list, any_code()) end
    return "/api/v1/statistics/" .. table_name() .. "?region=" .. table.concat(list, ",") .. "&measure=" .. measure()
      .. "&release=" .. release .. format()
  end,
  -- a page of every village of Lampung, or of every district or village of a regency
  function()
    local limits = { 50, 200, 1000 }
    local parent, level = "18", "village"
    local r = math.random(3)
    if r == 2 then parent = pick(codes.regency)
    elseif r == 3 then parent, level = pick(codes.regency), "district" end
    return "/api/v1/statistics/" .. table_name() .. "?parent=" .. parent .. "&level=" .. level .. "&limit="
      .. limits[math.random(#limits)] .. "&measure=" .. measure() .. "&release=" .. release .. format()
  end,
  -- one region's whole picture
  function() return "/api/v1/regions/" .. any_code() .. "/statistics?release=" .. release end,
  function() return "/api/v1/regions/" .. pick(codes.district) .. "/statistics" end,
  -- releases
  function() return "/api/v1/releases" end,
  function() return "/api/v1/releases/" .. release end,
}
-- weights of the entries of good, in the same order
local weights = { 35, 25, 20, 10, 5, 5 }

local bad = {
  function() return "/api/v1/regions/18.98/statistics" end,
  function() return "/api/v1/statistics/tiers?region=18.98&release=" .. release end,
  function() return "/api/v1/releases/soak-missing-release" end,
  function() return "/api/v1/statistics/deciles?parent=18&level=hamlet" end,
}

function request()
  if math.random() * 100 < bad_percent then
    bad_sent = bad_sent + 1
    return wrk.format("GET", pick(bad)())
  end
  local r, i = math.random(100), 1
  while r > weights[i] do r = r - weights[i]; i = i + 1 end
  return wrk.format("GET", good[i]())
end

local function is_bad(body)
  for _, mark in ipairs(bad_marks) do
    if body:find(mark, 1, true) then return true end
  end
  return false
end

function response(status, headers, body)
  if status >= 500 then status_5xx = status_5xx + 1
  elseif status >= 400 then
    if is_bad(body or "") then status_4xx_expected = status_4xx_expected + 1
    else
      status_4xx_unexpected = status_4xx_unexpected + 1
      if status_4xx_unexpected <= 5 then io.stderr:write("soak: unexpected " .. status .. ": " .. (body or "") .. "\n") end
    end
  elseif status >= 300 then status_3xx = status_3xx + 1
  elseif status >= 200 then status_2xx = status_2xx + 1
  else status_other = status_other + 1 end
end

function done(summary, latency, requests)
  local t = threads[1]
  local e = summary.errors
  io.write(string.format(
    "SOAK requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d socket_errors=%d timeouts=%d "
      .. "s2xx=%d s3xx=%d s4xx_expected=%d s4xx_unexpected=%d s5xx=%d sother=%d bad_sent=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.timeout,
    t:get("status_2xx"), t:get("status_3xx"), t:get("status_4xx_expected"), t:get("status_4xx_unexpected"),
    t:get("status_5xx"), t:get("status_other"), t:get("bad_sent")))
end
