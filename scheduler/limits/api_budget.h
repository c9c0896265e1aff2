// scheduler/limits/api_budget.h — a sweep's share of a Salesforce org's
// daily API requests, paced from what the org reports on every response
// (Sforce-Limit-Info "api-usage=USED/MAX": the org's calls in its rolling
// 24-hour window, everyone's, and its limit).
//
// The sweep may bring the org's usage up to share x MAX and leaves the rest
// to the org's other users; Observe() says once when usage reaches 80% of
// that ceiling (time to warn) and once when it reaches the ceiling (time to
// stop starting episodes). A reading that jumps past both (a resume inside
// a spent window) reports only the ceiling. Pure and thread-safe: episodes
// on any thread report readings.
#pragma once

#include <atomic>
#include <cstdint>

namespace crm::sched {

// What the org last reported: its API calls in the window and its limit.
struct ApiUsageReading {
  int64_t used = 0;
  int64_t max = 0;
};

class ApiBudget {
 public:
  static constexpr double kDefaultShare = 0.9;
  static constexpr double kWarnFraction = 0.8;  // of the sweep's share

  enum class Event { kNone, kWarn, kReached };

  // 0 < share <= 1 (the config refuses anything else).
  explicit ApiBudget(double share = kDefaultShare);

  double share() const { return share_; }
  // The usage at which the sweep stops starting episodes: floor(share x max), at least 1.
  int64_t Ceiling(int64_t max) const;
  // The usage at which it warns: 80% of the ceiling.
  int64_t WarnAt(int64_t max) const;

  // Each event is returned once, to one caller, however many threads report.
  // A reading without a limit (max <= 0) is ignored.
  Event Observe(ApiUsageReading reading);
  bool reached() const { return reached_.load(); }
  bool warned() const { return warned_.load(); }

 private:
  double share_;
  std::atomic<bool> warned_{false};
  std::atomic<bool> reached_{false};
};

}  // namespace crm::sched
