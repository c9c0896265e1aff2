#include "scheduler/limits/error_spike_guard.h"

namespace crm::sched {

void ErrorSpikeGuard::Record(double now, bool infra_error) {
  recent_.push_back(infra_error);
  if (static_cast<int>(recent_.size()) > window_) recent_.pop_front();
  if (static_cast<int>(recent_.size()) < window_ / 2) return;  // too few episodes to call it a spike
  int errors = 0;
  for (bool e : recent_) errors += e ? 1 : 0;
  if (static_cast<double>(errors) >= threshold_ * static_cast<double>(recent_.size())) {
    paused_until_ = now + pause_seconds_;
    ++pauses_;
    recent_.clear();
  }
}

}  // namespace crm::sched
