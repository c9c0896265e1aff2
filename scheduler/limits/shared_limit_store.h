// scheduler/limits/shared_limit_store.h — the state of every endpoint's
// limits shared by all processes of a sweep, kept in Redis and changed only
// by atomic Lua scripts that read the server's clock (TIME), so processes on
// different hosts need no synchronised clocks.
//
// Per endpoint (a hash and a sorted set under "<namespace>:ep:<endpoint>"):
// GCRA theoretical arrival times for requests and for tokens (a token
// bucket of one second's burst, the same as the per-process one), the
// limits learned from response headers (the lowest wins), a 429's pause
// until the provider's reset, the circuit breaker's open-until time, and
// concurrency leases that expire unless renewed.
//
// SharedLimitStore is the interface the shared limiter talks to (a fake in
// tests); RedisLimitStore is the real one over one io::RedisClient. Not
// thread-safe: the shared-limits thread owns the store and its client.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace crm::io {
class RedisClient;
}

namespace crm::sched {

struct SharedAdmitArgs {
  double rpm = 0;           // requests per minute to pace at (safety factor applied); 0: no request limit
  double tpm = 0;           // tokens per minute; 0: none
  double tokens = 0;        // this request's estimate
  int max_concurrency = 0;  // 0: no cap
  std::string lease;        // the concurrency lease taken on admission
  double lease_ttl = 10;    // seconds; renewed by RenewLeases
  double burst_seconds = 1;
};

struct SharedAdmitReply {
  enum class Kind { kWait, kAdmitted, kBreakerOpen };
  Kind kind = Kind::kWait;
  double wait = 0;  // seconds (kWait, kBreakerOpen)
};

struct SharedFinishArgs {
  std::string lease;
  double token_refund = 0;    // estimate - actual (negative: the call used more)
  double rpm = 0, tpm = 0;    // as in SharedAdmitArgs
  double learned_rpm = 0;     // a limit the provider stated (safety factor applied); 0: none
  double learned_tpm = 0;
  double requests_drain = -1; // the provider's request window is spent for this many seconds; < 0: not
  double tokens_drain = -1;
  double pause = 0;           // a 429: no request from anyone for this many seconds
  double trip = 0;            // the breaker opened: open for this many seconds
  double burst_seconds = 1;
};

class SharedLimitStore {
 public:
  virtual ~SharedLimitStore() = default;
  virtual Result<SharedAdmitReply> Admit(const std::string& endpoint, const SharedAdmitArgs& args) = 0;
  virtual Status Finish(const std::string& endpoint, const SharedFinishArgs& args) = 0;
  // Extends the leases this process holds on `endpoint` by `ttl` seconds.
  virtual Status RenewLeases(const std::string& endpoint, const std::vector<std::string>& leases, double ttl) = 0;
};

class RedisLimitStore : public SharedLimitStore {
 public:
  RedisLimitStore(io::RedisClient& client, std::string name_space) : client_(client), ns_(std::move(name_space)) {}
  Result<SharedAdmitReply> Admit(const std::string& endpoint, const SharedAdmitArgs& args) override;
  Status Finish(const std::string& endpoint, const SharedFinishArgs& args) override;
  Status RenewLeases(const std::string& endpoint, const std::vector<std::string>& leases, double ttl) override;

 private:
  std::string Key(const std::string& endpoint) const { return ns_ + ":ep:" + endpoint; }
  io::RedisClient& client_;
  std::string ns_;
};

}  // namespace crm::sched
