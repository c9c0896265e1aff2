// engine/tasks/gen/periods.h — the benchmark's time periods (TASKS.md §3).
//
// Named periods (months, quarters, seasons of a year) start at 00:00Z on
// their first day and end at the start of the next period (exclusive);
// Winter Y runs from December 1 of Y to March 1 of Y+1. Relative periods end
// at 00:00Z of today and start N days/weeks/months/quarters earlier,
// calendar-aware (month arithmetic clamps to month end). Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::taskgen {

struct Period {
  int64_t start = 0;  // seconds since epoch, inclusive
  int64_t end = 0;    // seconds since epoch, the start of the next period
};

// "January".."December", "Q1".."Q4", "Spring", "Summer", "Fall", "Winter".
std::optional<Period> NamedPeriod(std::string_view name, int year);

// unit: "day", "week", "month", "quarter"; today_day: days since epoch.
std::optional<Period> RelativePeriod(int64_t today_day, std::string_view unit, int count);

}  // namespace crm::taskgen
