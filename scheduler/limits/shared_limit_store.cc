#include "scheduler/limits/shared_limit_store.h"

#include <cstdio>

#include "io/redis/redis_client.h"

namespace crm::sched {

namespace {

// KEYS: hash, leases. ARGV: rpm, tpm, tokens, max_concurrency, lease, lease_ttl, burst.
// Returns {kind, wait}: 1 admitted, 0 wait, 2 breaker open; wait as a string (Lua
// numbers become integers in replies).
constexpr const char* kAdmitScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local v = redis.call('HMGET', KEYS[1], 'tat_r', 'tat_t', 'pause', 'brk', 'rpm_l', 'tpm_l')
local rpm, tpm, tokens = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local maxc, burst = tonumber(ARGV[4]), tonumber(ARGV[7])
local rpm_l, tpm_l = tonumber(v[5] or '0'), tonumber(v[6] or '0')
if rpm_l > 0 and (rpm <= 0 or rpm_l < rpm) then rpm = rpm_l end
if tpm_l > 0 and (tpm <= 0 or tpm_l < tpm) then tpm = tpm_l end
local pause = tonumber(v[3] or '0')
if pause > now then return {0, string.format('%.6f', pause - now)} end
local brk = tonumber(v[4] or '0')
if brk > now then return {2, string.format('%.6f', brk - now)} end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if maxc > 0 and redis.call('ZCARD', KEYS[2]) >= maxc then return {0, '0.05'} end
local wait, tat_r, tat_t = 0, nil, nil
if rpm > 0 then
  local T = 60 / rpm
  tat_r = math.max(tonumber(v[1] or '0'), now) + T
  wait = math.max(wait, tat_r - now - math.max(burst, T))
end
if tpm > 0 and tokens > 0 then
  local cost = tokens * 60 / tpm
  tat_t = math.max(tonumber(v[2] or '0'), now) + cost
  wait = math.max(wait, tat_t - now - math.max(burst, cost))
end
if wait > 0 then return {0, string.format('%.6f', wait)} end
if tat_r then redis.call('HSET', KEYS[1], 'tat_r', string.format('%.6f', tat_r)) end
if tat_t then redis.call('HSET', KEYS[1], 'tat_t', string.format('%.6f', tat_t)) end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[6]), ARGV[5])
redis.call('EXPIRE', KEYS[1], 86400)
redis.call('EXPIRE', KEYS[2], 86400)
return {1, '0'}
)lua";

// KEYS: hash, leases. ARGV: lease, token_refund, rpm, tpm, learned_rpm,
// learned_tpm, requests_drain, tokens_drain, pause, trip, burst.
constexpr const char* kFinishScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
redis.call('ZREM', KEYS[2], ARGV[1])
local a = {}
for i = 2, 11 do a[i] = tonumber(ARGV[i]) end
local function lower(field, value)
  if value <= 0 then return end
  local cur = tonumber(redis.call('HGET', KEYS[1], field) or '0')
  if cur <= 0 or value < cur then redis.call('HSET', KEYS[1], field, string.format('%.6f', value)) end
end
lower('rpm_l', a[5])
lower('tpm_l', a[6])
local v = redis.call('HMGET', KEYS[1], 'rpm_l', 'tpm_l')
local rpm, tpm = a[3], a[4]
local rpm_l, tpm_l = tonumber(v[1] or '0'), tonumber(v[2] or '0')
if rpm_l > 0 and (rpm <= 0 or rpm_l < rpm) then rpm = rpm_l end
if tpm_l > 0 and (tpm <= 0 or tpm_l < tpm) then tpm = tpm_l end
local burst = a[11]
if tpm > 0 and a[2] ~= 0 then
  local tat = tonumber(redis.call('HGET', KEYS[1], 'tat_t') or '0')
  if a[2] < 0 then tat = math.max(tat, now) - a[2] * 60 / tpm else tat = tat - a[2] * 60 / tpm end
  redis.call('HSET', KEYS[1], 'tat_t', string.format('%.6f', tat))
end
local function drain(field, seconds, rate)
  if seconds < 0 or rate <= 0 then return end
  local T = 60 / rate
  local floor = now + seconds + math.max(burst, T) - T
  local tat = tonumber(redis.call('HGET', KEYS[1], field) or '0')
  if floor > tat then redis.call('HSET', KEYS[1], field, string.format('%.6f', floor)) end
end
drain('tat_r', a[7], rpm)
drain('tat_t', a[8], tpm)
local function later(field, seconds)
  if seconds <= 0 then return end
  local cur = tonumber(redis.call('HGET', KEYS[1], field) or '0')
  if now + seconds > cur then redis.call('HSET', KEYS[1], field, string.format('%.6f', now + seconds)) end
end
later('pause', a[9])
later('brk', a[10])
return 1
)lua";

// KEYS: leases. ARGV: ttl, lease... Renews only leases still present (an
// expired one was given up; a restarted server lost them all, and the next
// admissions take fresh ones).
constexpr const char* kRenewScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local until_ = now + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', until_, ARGV[i]) end
return 1
)lua";

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

}  // namespace

Result<SharedAdmitReply> RedisLimitStore::Admit(const std::string& endpoint, const SharedAdmitArgs& a) {
  const std::string key = Key(endpoint);
  auto reply = client_.Eval(kAdmitScript, {key, key + ":leases"},
                            {Num(a.rpm), Num(a.tpm), Num(a.tokens), std::to_string(a.max_concurrency), a.lease,
                             Num(a.lease_ttl), Num(a.burst_seconds)});
  if (!reply.ok()) return reply.status();
  if (reply->elements.size() != 2) return Status::Internal("Redis: unexpected reply to the admission script");
  SharedAdmitReply out;
  const int64_t kind = reply->elements[0].integer;
  out.kind = kind == 1 ? SharedAdmitReply::Kind::kAdmitted
                       : kind == 2 ? SharedAdmitReply::Kind::kBreakerOpen : SharedAdmitReply::Kind::kWait;
  out.wait = reply->elements[1].AsDouble();
  return out;
}

Status RedisLimitStore::Finish(const std::string& endpoint, const SharedFinishArgs& a) {
  const std::string key = Key(endpoint);
  auto reply = client_.Eval(kFinishScript, {key, key + ":leases"},
                            {a.lease, Num(a.token_refund), Num(a.rpm), Num(a.tpm), Num(a.learned_rpm),
                             Num(a.learned_tpm), Num(a.requests_drain), Num(a.tokens_drain), Num(a.pause), Num(a.trip),
                             Num(a.burst_seconds)});
  return reply.ok() ? Status::Ok() : reply.status();
}

Status RedisLimitStore::RenewLeases(const std::string& endpoint, const std::vector<std::string>& leases, double ttl) {
  if (leases.empty()) return Status::Ok();
  std::vector<std::string> args = {Num(ttl)};
  args.insert(args.end(), leases.begin(), leases.end());
  auto reply = client_.Eval(kRenewScript, {Key(endpoint) + ":leases"}, args);
  return reply.ok() ? Status::Ok() : reply.status();
}

}  // namespace crm::sched
