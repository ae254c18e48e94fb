-- wrk script for Benchmarks/load/run: each request submits a complete, valid evaluation of the inbound form
-- (every answer yes or 5), each to a different call, so that every accepted submit (303) is a new evaluation.
-- Settings from the environment: QA_CSRF (the session's anti-forgery token), QA_TEMPLATE (the template's row
-- id), QA_COOKIE (the session cookie: qa_session=…), QA_CALLS (how many benchmark calls there are:
-- bench-000001 …), QA_THREADS (wrk's -t).
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local answers = {
  "answer.greeting=yes", "answer.security-check=yes", "answer.active-listening=5", "answer.acknowledgement=yes",
  "answer.customer-complained=no", "answer.probing=yes", "answer.takes-ownership=5",
  "answer.accurate-information=yes", "answer.resolution-offered=yes", "answer.tone-of-voice=5",
  "answer.plain-language=yes", "answer.hold-etiquette=yes", "answer.summary=yes", "answer.further-help=yes",
}

function init(args)
  sent = 0
  accepted = 0
  other = 0
  wrapped = 0
  statuses = ""
  calls = tonumber(os.getenv("QA_CALLS"))
  stride = tonumber(os.getenv("QA_THREADS"))
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = os.getenv("QA_COOKIE") }
  body = "csrf=" .. os.getenv("QA_CSRF") .. "&template=" .. os.getenv("QA_TEMPLATE") .. "&"
      .. table.concat(answers, "&") .. "&release=yes&action=submit"
end

function request()
  local n = sent * stride + id + 1
  sent = sent + 1
  if n > calls then wrapped = wrapped + 1; n = (n - 1) % calls + 1 end
  local path = string.format("/calls/bench-%06d/score", n)
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 303 then
    accepted = accepted + 1
  else
    other = other + 1
    if #statuses < 200 then statuses = statuses .. " " .. status end
  end
end

function done(summary, latency, requests)
  local a, o, w, n, s = 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    a = a + t:get("accepted"); o = o + t:get("other"); w = w + t:get("wrapped"); n = n + t:get("sent")
    s = s .. t:get("statuses")
  end
  io.write(string.format("submits sent: %d (those still in flight when wrk stopped have no response counted)\n", n))
  io.write(string.format("submits accepted (303): %d\n", a))
  io.write(string.format("submits refused or failed: %d%s\n", o, o > 0 and (" (statuses:" .. s:sub(1, 200) .. ")") or ""))
  if w > 0 then io.write(string.format("WARNING: ran out of calls, %d submits reused a call\n", w)) end
end
