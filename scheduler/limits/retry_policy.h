// scheduler/limits/retry_policy.h — when to retry a failed call and how long
// to wait: exponential backoff with full jitter, honouring retry-after,
// bounded in attempts and in total time. Retryable vs fatal comes from
// core/call_error.h's ClassOf. Pure; the random draw is passed in.
#pragma once

#include <optional>

#include "core/call_error.h"

namespace crm::sched {

struct RetryPolicy {
  int max_attempts = 6;        // including the first
  double base_delay = 0.5;     // seconds
  double max_delay = 60;       // cap of one wait
  double max_total = 600;      // give up when waiting would pass this since the first attempt

  // The delay before attempt `attempt + 1` (attempt is 1-based: the attempt
  // that just failed), or nullopt to give up. `uniform01` in [0, 1).
  std::optional<double> NextDelay(int attempt, double elapsed, const CallError& error, double uniform01) const;
};

// Consecutive-failure circuit breaker per endpoint: opens after `threshold`
// failures in a row, stays open for `open_seconds`, then lets one probe
// through (half-open); the probe's outcome closes or re-opens it.
class CircuitBreaker {
 public:
  CircuitBreaker(int threshold = 8, double open_seconds = 30) : threshold_(threshold), open_seconds_(open_seconds) {}
  bool Allow(double now);
  void OnSuccess();
  void OnFailure(double now);
  bool open(double now) const { return opened_at_ >= 0 && now < opened_at_ + open_seconds_; }
  int64_t trips() const { return trips_; }

 private:
  int threshold_;
  double open_seconds_;
  int consecutive_ = 0;
  double opened_at_ = -1;
  bool probing_ = false;
  int64_t trips_ = 0;
};

}  // namespace crm::sched
