// engine/soql/relative_date.h — relative date literals as day ranges.
//
// TODAY, LAST_N_DAYS:n, THIS_QUARTER, ... evaluated against the org's "today"
// (UTC; weeks start on Sunday as in en_US) as half-open ranges of days
// [begin, end). Pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace crm::soql {

struct DayRange {
  int64_t begin = 0;  // days since 1970-01-01, inclusive
  int64_t end = 0;    // exclusive
};

// `name` is upper case; `n` is used by the :n forms. nullopt for unknown names.
std::optional<DayRange> RelativeDateRange(std::string_view name, int n, int64_t today, int fiscal_start_month = 1);

}  // namespace crm::soql
