#include "scheduler/limits/api_budget.h"

#include <algorithm>
#include <cmath>

namespace crm::sched {

ApiBudget::ApiBudget(double share) : share_(share) {}

int64_t ApiBudget::Ceiling(int64_t max) const {
  return std::max<int64_t>(1, static_cast<int64_t>(std::floor(share_ * static_cast<double>(max))));
}

int64_t ApiBudget::WarnAt(int64_t max) const {
  return std::max<int64_t>(1, static_cast<int64_t>(std::floor(kWarnFraction * static_cast<double>(Ceiling(max)))));
}

ApiBudget::Event ApiBudget::Observe(ApiUsageReading reading) {
  if (reading.max <= 0) return Event::kNone;
  if (reading.used >= Ceiling(reading.max)) {
    warned_.store(true);  // past the warning too: the stop message says it all
    return reached_.exchange(true) ? Event::kNone : Event::kReached;
  }
  if (reading.used >= WarnAt(reading.max) && !warned_.exchange(true)) return Event::kWarn;
  return Event::kNone;
}

}  // namespace crm::sched
