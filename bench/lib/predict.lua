-- wrk script of bench/run and bench/team: POSTs the predict body with the bench's API key or internal credential
-- (BENCH_API_KEY or BENCH_INTERNAL_CREDENTIAL_HEADER, BENCH_BODY from the environment) and ends with one machine-readable line, BENCH key=value ..., that bench/run reads.
-- Latencies are wrk's, in microseconds; status_errors counts answers of 400 and above.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_API_KEY")
if key ~= nil and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
-- bench/team calls a team service directly, with the gateway's internal credential instead of an API key.
local credential = os.getenv("BENCH_INTERNAL_CREDENTIAL_HEADER")
if credential ~= nil and credential ~= "" then
  wrk.headers["X-Internal-Credential"] = credential
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
