#include "scheduler/limits/token_bucket.h"

#include <algorithm>

namespace crm::sched {

namespace {
constexpr double kBurstSeconds = 1;
}

TokenBucket::TokenBucket(double per_minute, double now) : per_minute_(per_minute), tokens_(0), last_(now) {
  tokens_ = capacity();
}

double TokenBucket::capacity() const { return std::max(1.0, per_minute_ * kBurstSeconds / 60.0); }

void TokenBucket::Refill(double now) {
  if (now > last_) {
    tokens_ = std::min(capacity(), tokens_ + (now - last_) * per_minute_ / 60.0);
    last_ = now;
  }
}

double TokenBucket::Reserve(double now, double amount) {
  if (unlimited()) return 0;
  Refill(now);
  tokens_ -= amount;
  if (tokens_ >= 0) return 0;
  return -tokens_ * 60.0 / per_minute_;
}

void TokenBucket::Adjust(double now, double amount) {
  if (unlimited()) return;
  Refill(now);
  tokens_ = std::min(capacity(), tokens_ + amount);
}

void TokenBucket::SetRate(double now, double per_minute) {
  Refill(now);
  if (per_minute <= 0) {
    per_minute_ = 0;
    return;
  }
  const double ratio = per_minute_ > 0 ? tokens_ / capacity() : 1.0;
  per_minute_ = per_minute;
  tokens_ = ratio * capacity();
  last_ = now;
}

void TokenBucket::DrainUntil(double now, double until) {
  if (unlimited()) return;
  Refill(now);
  // Debt such that the bucket reaches zero exactly at `until`.
  tokens_ = std::min(tokens_, -(until - now) * per_minute_ / 60.0);
}

double TokenBucket::available(double now) {
  if (unlimited()) return 1e300;
  Refill(now);
  return tokens_;
}

}  // namespace crm::sched
