-- wrk script: one MCP 2026-07-28 tools/call per request, stateless (no session), with the
-- headers the revision requires. TOOL, KEY and TEXT_BYTES come from the environment.
local tool = os.getenv("TOOL") or "echo"
local key = os.getenv("KEY")
local size = tonumber(os.getenv("TEXT_BYTES") or "1024")
local text = string.rep("x", size)

wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool ..
  '","arguments":{"text":"' .. text .. '"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",' ..
  '"io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"bench","version":"1"}}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
wrk.headers["Mcp-Method"] = "tools/call"
wrk.headers["Mcp-Name"] = tool
if key then wrk.headers["Authorization"] = "Bearer " .. key end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

-- A call counts as failed unless it is a 200 whose body holds a result (not an error).
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"result"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + t:get("bad") end
  io.write(string.format("RESULT requests=%d failed=%d seconds=%.3f p50_us=%d p90_us=%d p99_us=%d errors=%d\n",
    summary.requests, failed, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
