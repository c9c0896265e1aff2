#include "scheduler/limits/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace crm::sched {

std::optional<double> RetryPolicy::NextDelay(int attempt, double elapsed, const CallError& error, double uniform01) const {
  if (ClassOf(error.code) != CallErrorClass::kRetryable) return std::nullopt;
  if (attempt >= max_attempts) return std::nullopt;
  const double ceiling = std::min(max_delay, base_delay * std::pow(2.0, attempt - 1));
  double delay = uniform01 * ceiling;  // full jitter spreads synchronized retries apart
  if (error.limits.retry_after_seconds) delay = std::max(delay, std::min(*error.limits.retry_after_seconds, max_delay));
  if (elapsed + delay > max_total) return std::nullopt;
  return delay;
}

bool CircuitBreaker::Allow(double now) {
  if (opened_at_ < 0) return true;
  if (now < opened_at_ + open_seconds_) return false;
  if (probing_) return false;  // one probe at a time while half-open
  probing_ = true;
  return true;
}

void CircuitBreaker::OnSuccess() {
  consecutive_ = 0;
  opened_at_ = -1;
  probing_ = false;
}

void CircuitBreaker::OnFailure(double now) {
  ++consecutive_;
  if (probing_ || consecutive_ >= threshold_) {
    if (opened_at_ < 0 || probing_) ++trips_;
    opened_at_ = now;
    probing_ = false;
  }
}

}  // namespace crm::sched
