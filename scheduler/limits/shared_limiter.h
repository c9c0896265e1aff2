// scheduler/limits/shared_limiter.h — admission control for one endpoint
// shared by every process of a sweep (scheduler/limits/shared_limit_store.h
// holds the state), with the per-process EndpointLimiter as its fallback.
//
// While the store answers, each admission is one atomic script call (one
// Redis round trip): requests, tokens, concurrency, a 429's pause and the
// breaker are decided on the server for everyone. Refusals are amortised:
// after the store says "wait W", this process's other requests are told the
// rest of W without asking again (until one of its own requests finishes,
// which may free a concurrency slot), so a thousand waiting requests cost
// about two round trips per admission, not a thousand. When the store fails the
// limiter warns loudly and falls back to an equal static share of every
// limit (limit / workers, the workers given by the config or last seen
// alive); it probes the store again at most once a second and rejoins,
// with another notice, when it answers. Requests admitted on either side
// are finished on the side that admitted them (the ticket says which).
//
// Pure logic over the store interface and an explicit clock (steady
// seconds). Not thread-safe: the shared-limits thread owns every limiter
// (scheduler/limits/shared_limits_service.h), so the store's blocking calls
// never run on the network threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "core/call_error.h"
#include "scheduler/limits/endpoint_limiter.h"
#include "scheduler/limits/shared_limit_store.h"

namespace crm::sched {

struct SharedLimiterOptions {
  std::string endpoint;          // the key of the shared state (the model's name)
  EndpointLimits limits;         // the endpoint's whole limits, for all processes together
  std::string owner;             // this process's id, prefix of its lease ids
  double lease_ttl = 10;         // a dead process's concurrency slots come back after this
  double breaker_open_seconds = 30;
  double probe_interval = 1;     // while fallen back: how often to try the store again
};

class SharedEndpointLimiter {
 public:
  // `workers`: how many processes share the limits now (>= 1), for the
  // fallback share. `warn`: loud notices (fallback, rejoin).
  SharedEndpointLimiter(SharedLimiterOptions options, SharedLimitStore& store, std::function<int()> workers,
                        std::function<void(const std::string&)> warn);

  struct Ticket {
    bool shared = false;  // admitted by the store (else by the fallback share)
    std::string lease;
  };
  struct Admission {
    bool admitted = false;
    bool breaker_open = false;  // another process's breaker opened: fail fast as if ours had
    double wait = 0;            // seconds, when not admitted
    Ticket ticket;
  };
  Admission Admit(double now, double tokens);
  void OnSuccess(double now, const Ticket& ticket, double estimated_tokens, double actual_tokens,
                 const RateLimitInfo& info);
  void OnFailure(double now, const Ticket& ticket, double estimated_tokens, const CallError& error);
  // This process's breaker opened: everyone stops calling for its open time.
  void OnBreakerTrip(double now);
  // Heartbeat: keeps this process's concurrency leases alive.
  void RenewLeases();

  bool fallen_back() const { return fallback_ != nullptr && !shared_; }
  int64_t fallbacks() const { return fallbacks_; }
  int64_t held_leases() const { return static_cast<int64_t>(held_.size()); }
  int64_t store_admissions() const { return store_admissions_; }  // round trips made for Admit

 private:
  void FallBack(double now, const Status& why);
  void Finish(double now, const Ticket& ticket, SharedFinishArgs args);
  SharedFinishArgs BaseFinish(const Ticket& ticket) const;
  double rpm() const { return options_.limits.rpm * kLimitSafetyFactor; }
  double tpm() const { return options_.limits.tpm * kLimitSafetyFactor; }

  SharedLimiterOptions options_;
  SharedLimitStore& store_;
  std::function<int()> workers_;
  std::function<void(const std::string&)> warn_;
  bool shared_ = true;
  std::unique_ptr<EndpointLimiter> fallback_;  // the static share; kept while its requests finish
  double next_probe_ = 0;
  double refused_until_ = 0;  // the store's last "wait": answered locally until then
  int64_t store_admissions_ = 0;
  int64_t fallbacks_ = 0;
  uint64_t next_lease_ = 0;
  std::set<std::string> held_;
};

// The static share of `limits` for one of `workers` processes.
EndpointLimits StaticShare(const EndpointLimits& limits, int workers);

}  // namespace crm::sched
