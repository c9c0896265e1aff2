#include "engine/tasks/gen/periods.h"

#include "engine/org/datetime.h"

namespace crm::taskgen {
namespace {

int64_t At(org::CivilDate d) { return org::DaysFromCivil(d) * org::kSecondsPerDay; }

Period Months(int year, int first_month, int months) {
  const org::CivilDate start{year, first_month, 1};
  return {At(start), At(org::AddMonths(start, months))};
}

}  // namespace

std::optional<Period> NamedPeriod(std::string_view name, int year) {
  for (int m = 1; m <= 12; ++m) {
    if (name == org::kMonthNames[m - 1]) return Months(year, m, 1);
  }
  if (name.size() == 2 && name[0] == 'Q' && name[1] >= '1' && name[1] <= '4') {
    return Months(year, 1 + 3 * (name[1] - '1'), 3);
  }
  if (name == "Spring") return Months(year, 3, 3);
  if (name == "Summer") return Months(year, 6, 3);
  if (name == "Fall") return Months(year, 9, 3);
  if (name == "Winter") return Months(year, 12, 3);
  return std::nullopt;
}

std::optional<Period> RelativePeriod(int64_t today_day, std::string_view unit, int count) {
  if (count <= 0) return std::nullopt;
  const int64_t end = today_day * org::kSecondsPerDay;
  const org::CivilDate today = org::CivilFromDays(today_day);
  if (unit == "day") return Period{end - count * org::kSecondsPerDay, end};
  if (unit == "week") return Period{end - 7 * count * org::kSecondsPerDay, end};
  if (unit == "month") return Period{At(org::AddMonths(today, -count)), end};
  if (unit == "quarter") return Period{At(org::AddMonths(today, -3 * count)), end};
  return std::nullopt;
}

}  // namespace crm::taskgen
