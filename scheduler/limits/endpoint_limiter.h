// scheduler/limits/endpoint_limiter.h — admission control for one endpoint
// (provider + key + model): request and token buckets, a concurrency cap, a
// pause of the whole endpoint after a 429, and adaptation to the limits the
// provider reports (x-ratelimit-*, anthropic-ratelimit-*, retry-after,
// Sforce-Limit-Info).
//
// Pure logic on an explicit clock (steady seconds): the asynchronous runner
// asks Admit(), sleeps the returned delay on a timer, and reports the
// outcome. Not thread-safe: one strand owns each limiter.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "core/call_error.h"
#include "scheduler/limits/token_bucket.h"

namespace crm::sched {

struct EndpointLimits {
  double rpm = 0;            // configured requests per minute (0: unknown)
  double tpm = 0;            // configured tokens per minute (0: unknown)
  int max_concurrency = 64;  // requests in flight
};

class EndpointLimiter {
 public:
  EndpointLimiter(EndpointLimits limits, double now);

  struct Admission {
    bool admitted = false;  // true: send now (a slot is taken); false: retry after `wait`
    double wait = 0;        // seconds
  };
  // Asks to send a request estimated at `tokens` tokens.
  Admission Admit(double now, double tokens);
  // Reports a finished request: frees its slot, corrects the token estimate
  // with the real usage, and learns from the response's rate-limit facts.
  void OnSuccess(double now, double estimated_tokens, double actual_tokens, const RateLimitInfo& info);
  // Reports a failure. A 429 pauses the whole endpoint until the reset the
  // provider gave (retry-after or reset headers), so in-flight peers do not
  // all hit it; without configured limits the request rate backs off (AIMD).
  void OnFailure(double now, double estimated_tokens, const CallError& error);

  int in_flight() const { return in_flight_; }
  double paused_until() const { return paused_until_; }
  double current_rpm() const { return requests_.per_minute(); }
  int64_t rate_limited() const { return rate_limited_; }

 private:
  void Learn(double now, const RateLimitInfo& info);
  void SetRequestRate(double now, double rpm);
  EndpointLimits configured_;
  TokenBucket requests_;
  TokenBucket tokens_;
  int in_flight_ = 0;
  double paused_until_ = 0;
  int64_t rate_limited_ = 0;
  int64_t successes_since_backoff_ = 0;
  bool probing_upwards_ = false;  // the rate came from 429s, not from a stated limit
  std::deque<double> recent_admissions_;  // last minute, for estimating an unknown limit
};

// We run this far below a known limit, so clock skew and window edges on the
// provider's side do not turn into 429s.
inline constexpr double kLimitSafetyFactor = 0.98;

}  // namespace crm::sched
