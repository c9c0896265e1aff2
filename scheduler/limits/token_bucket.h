// scheduler/limits/token_bucket.h — a token bucket on an explicit clock.
//
// Capacity is one second's worth of the rate (so "600 RPM" allows a burst
// of 10 and then 10 per second): a full minute's burst would let a fresh
// client send twice its limit in its first minute, which window-based
// servers answer with 429s. Reserve() may take the bucket into
// debt and returns how long the caller must wait before its reservation is
// covered, so waiting callers queue fairly in reservation order. Time is
// passed in (steady seconds), which keeps the class pure and testable. Not
// thread-safe: the owning limiter serialises calls (one strand).
#pragma once

namespace crm::sched {

class TokenBucket {
 public:
  // per_minute <= 0 means unlimited.
  explicit TokenBucket(double per_minute = 0, double now = 0);

  bool unlimited() const { return per_minute_ <= 0; }
  double per_minute() const { return per_minute_; }
  // Reserves `amount` tokens; returns seconds to wait (0 when available now).
  double Reserve(double now, double amount);
  // Gives back (or, if negative, takes more) tokens after the fact: token
  // estimates corrected from reported usage.
  void Adjust(double now, double amount);
  // Changes the rate, keeping the current fill ratio.
  void SetRate(double now, double per_minute);
  // Empties the bucket until `until` (a server said the window is exhausted).
  void DrainUntil(double now, double until);
  double available(double now);
  // The most the bucket holds (one second of the rate, at least 1).
  double capacity() const;

 private:
  void Refill(double now);
  double per_minute_;
  double tokens_;
  double last_;
};

}  // namespace crm::sched
