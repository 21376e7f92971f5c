-- For bench/api.sh: prints one machine-readable line per run, and with BENCH_RATE set (requests per second)
-- paces requests to that fixed rate (Debian has wrk, not wrk2). Run with one thread (-t1): the rate is per thread.
--
-- Pacing: every request takes the next slot of a fixed schedule and waits for it. A slot missed because every
-- connection was busy is not made up later (the schedule restarts from now), so the achieved rate is reported
-- and checked; latency is measured from the actual send, as wrk does.

local rate = tonumber(os.getenv("BENCH_RATE") or "")

if rate then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock_id, bench_timespec *tp);
  ]]
  local CLOCK_MONOTONIC = 1
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end

  local interval = 1000 / rate
  local next_slot = nil

  function delay()
    local now = now_ms()
    if next_slot == nil or next_slot < now - interval then
      next_slot = now
    end
    local wait = next_slot - now
    next_slot = next_slot + interval
    -- wrk's timers have millisecond resolution; rounding keeps the mean rate exact.
    return math.max(0, math.floor(wait + 0.5))
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f bytes_per_s=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, summary.bytes / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout))
end
