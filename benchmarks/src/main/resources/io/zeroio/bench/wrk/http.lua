-- wrk script of the zero-io HTTP benchmark (benchmarks module, io.zeroio.bench.harness.Wrk).
--
--   wrk -t1 -c100 -d3s -s http.lua http://127.0.0.1:19200/plaintext -- 16
--
-- The one argument after "--" is the pipelining depth. Above 1, every write carries that many
-- identical GET requests (wrk.format(): method, path and headers of the command line, Host included)
-- and wrk waits for all their responses before the next write: the idea of TechEmpower's
-- pipeline.lua. At 1 no request() is defined, so wrk keeps its static pre-built request (plain
-- keep-alive, no Lua call per request). done() prints one RESULT line the harness parses; wrk's own
-- summary goes to stdout before it. cpu_us is wrk's own CPU time so far (os.clock(): C clock(), the
-- whole process, every thread), read after its threads have stopped.

function init(args)
  local depth = tonumber(args[1]) or 1
  if depth > 1 then
    local batch = {}
    for i = 1, depth do
      batch[i] = wrk.format()
    end
    local pipelined = table.concat(batch)
    -- wrk looks for a global request() after thread 0's init(): defined here, the batch is sent
    request = function()
      return pipelined
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d bytes=%d connect_errors=%d read_errors=%d "
    .. "write_errors=%d status_errors=%d timeouts=%d p50_us=%d p99_us=%d p999_us=%d cpu_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), os.clock() * 1000000))
  io.stdout:flush()
end
