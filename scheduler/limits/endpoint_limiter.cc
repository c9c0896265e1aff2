#include "scheduler/limits/endpoint_limiter.h"

#include <algorithm>

namespace crm::sched {

EndpointLimiter::EndpointLimiter(EndpointLimits limits, double now)
    : configured_(limits),
      requests_(limits.rpm * kLimitSafetyFactor, now),
      tokens_(limits.tpm * kLimitSafetyFactor, now) {}

void EndpointLimiter::SetRequestRate(double now, double rpm) { requests_.SetRate(now, rpm); }

EndpointLimiter::Admission EndpointLimiter::Admit(double now, double tokens) {
  if (now < paused_until_) return {false, paused_until_ - now};
  if (in_flight_ >= configured_.max_concurrency) return {false, 0.05};  // woken earlier by a release in practice
  // Peek first, so a request that must wait does not hold tokens it is not using.
  const double request_wait = requests_.unlimited() ? 0 : std::max(0.0, (1 - requests_.available(now)) * 60.0 / requests_.per_minute());
  // A request larger than the bucket (one second of the TPM: 500 tokens at
  // 30,000 TPM, less than one first request) goes when the bucket is full and
  // takes it into debt; asking for all of it at once would never be granted.
  const double token_need = std::min(tokens, tokens_.capacity());
  const double token_wait =
      tokens_.unlimited() ? 0 : std::max(0.0, (token_need - tokens_.available(now)) * 60.0 / tokens_.per_minute());
  const double wait = std::max(request_wait, token_wait);
  if (wait > 0) return {false, wait};
  requests_.Reserve(now, 1);
  tokens_.Reserve(now, tokens);
  ++in_flight_;
  recent_admissions_.push_back(now);
  while (!recent_admissions_.empty() && recent_admissions_.front() <= now - 60) recent_admissions_.pop_front();
  return {true, 0};
}

void EndpointLimiter::Learn(double now, const RateLimitInfo& info) {
  // A provider's own numbers beat ours when we were told nothing, and a
  // lower provider limit always wins (keys can be throttled below plan).
  if (info.requests_limit && *info.requests_limit > 0) {
    const double limit = static_cast<double>(*info.requests_limit) * kLimitSafetyFactor;
    if (requests_.unlimited() || limit < requests_.per_minute()) requests_.SetRate(now, limit);
    probing_upwards_ = false;  // a stated limit needs no probing
  }
  if (info.tokens_limit && *info.tokens_limit > 0) {
    const double limit = static_cast<double>(*info.tokens_limit) * kLimitSafetyFactor;
    if (tokens_.unlimited() || limit < tokens_.per_minute()) tokens_.SetRate(now, limit);
  }
  // Remaining counts at zero mean the window is spent until its reset.
  if (info.requests_remaining && *info.requests_remaining <= 0 && info.requests_reset_seconds) {
    requests_.DrainUntil(now, now + *info.requests_reset_seconds);
  }
  if (info.tokens_remaining && *info.tokens_remaining <= 0 && info.tokens_reset_seconds) {
    tokens_.DrainUntil(now, now + *info.tokens_reset_seconds);
  }
}

void EndpointLimiter::OnSuccess(double now, double estimated_tokens, double actual_tokens, const RateLimitInfo& info) {
  in_flight_ = std::max(0, in_flight_ - 1);
  tokens_.Adjust(now, estimated_tokens - actual_tokens);
  Learn(now, info);
  // Slow additive increase after an adaptive back-off, so the rate probes
  // upwards in case the limit was raised, without provoking a 429 storm.
  if (probing_upwards_ && ++successes_since_backoff_ >= 100) {
    successes_since_backoff_ = 0;
    requests_.SetRate(now, requests_.per_minute() * 1.02 + 1);
  }
}

void EndpointLimiter::OnFailure(double now, double estimated_tokens, const CallError& error) {
  in_flight_ = std::max(0, in_flight_ - 1);
  tokens_.Adjust(now, estimated_tokens);  // a failed request used (almost) nothing
  Learn(now, error.limits);
  if (error.code != CallErrorCode::kRateLimited && error.code != CallErrorCode::kOverloaded) return;
  ++rate_limited_;
  double pause = 1.0;
  if (error.limits.retry_after_seconds) {
    pause = *error.limits.retry_after_seconds;
  } else if (error.limits.requests_reset_seconds || error.limits.tokens_reset_seconds) {
    pause = std::max(error.limits.requests_reset_seconds.value_or(0), error.limits.tokens_reset_seconds.value_or(0));
  }
  paused_until_ = std::max(paused_until_, now + std::clamp(pause, 0.05, 120.0));
  // When nobody told us the limit: the first 429 sets the rate just under
  // what the server accepted over the last minute; later ones cut it
  // multiplicatively (AIMD with the slow increase in OnSuccess).
  if (configured_.rpm <= 0 && !(error.limits.requests_limit && *error.limits.requests_limit > 0)) {
    const double accepted = static_cast<double>(recent_admissions_.size());
    const double next = requests_.unlimited() ? 0.9 * accepted : requests_.per_minute() * 0.7;
    requests_.SetRate(now, std::max(6.0, next));
    successes_since_backoff_ = 0;
    probing_upwards_ = true;
  }
}

}  // namespace crm::sched
