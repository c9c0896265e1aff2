// scheduler/limits/error_spike_guard.h — pauses a model whose episodes keep
// ending in infrastructure errors: when at least `threshold` of the last
// `window` episodes failed that way, new episodes of the model wait
// `pause_seconds` (in-flight ones go on), then the window starts afresh.
// Complements the per-request circuit breaker. Pure logic on an explicit
// clock; not thread-safe (the endpoint's strand owns it).
#pragma once

#include <deque>

namespace crm::sched {

class ErrorSpikeGuard {
 public:
  ErrorSpikeGuard(int window = 40, double threshold = 0.5, double pause_seconds = 60)
      : window_(window), threshold_(threshold), pause_seconds_(pause_seconds) {}

  void Record(double now, bool infra_error);
  // Seconds a new episode should wait now (0: go).
  double WaitBeforeStart(double now) const { return now < paused_until_ ? paused_until_ - now : 0; }
  int pauses() const { return pauses_; }

 private:
  int window_;
  double threshold_;
  double pause_seconds_;
  std::deque<bool> recent_;
  double paused_until_ = 0;
  int pauses_ = 0;
};

}  // namespace crm::sched
