#include "engine/soql/relative_date.h"

#include <string>

#include "engine/org/datetime.h"

namespace crm::soql {
namespace {

// Months since year 0 of the first day of the month containing `day`.
int64_t MonthIndex(int64_t day) {
  org::CivilDate c = org::CivilFromDays(day);
  return static_cast<int64_t>(c.year) * 12 + (c.month - 1);
}

int64_t MonthStart(int64_t month_index) {
  int64_t year = month_index >= 0 ? month_index / 12 : (month_index - 11) / 12;
  int month = static_cast<int>(month_index - year * 12) + 1;
  return org::DaysFromCivil({static_cast<int>(year), month, 1});
}

int64_t FloorMod(int64_t a, int64_t m) { return ((a % m) + m) % m; }

// Ranges over periods of `months` months aligned to `align` (0 = January).
DayRange Periods(int64_t today, int months, int align, int64_t from, int64_t to) {
  int64_t m = MonthIndex(today);
  int64_t start = m - FloorMod(m - align, months);
  return {MonthStart(start + from * months), MonthStart(start + to * months)};
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// THIS_/LAST_/NEXT_ and LAST_N_/NEXT_N_/N_..._AGO forms over a period unit.
std::optional<DayRange> UnitRange(std::string_view name, int64_t n, int64_t today, int months, int align) {
  if (name.starts_with("THIS_")) return Periods(today, months, align, 0, 1);
  if (name.starts_with("LAST_N_")) return Periods(today, months, align, -n, 0);
  if (name.starts_with("NEXT_N_")) return Periods(today, months, align, 1, 1 + n);
  if (name.starts_with("N_")) return Periods(today, months, align, -n, -n + 1);
  if (name.starts_with("LAST_")) return Periods(today, months, align, -1, 0);
  if (name.starts_with("NEXT_")) return Periods(today, months, align, 1, 2);
  return std::nullopt;
}

std::optional<DayRange> WeekRange(std::string_view name, int64_t n, int64_t today) {
  int64_t week = today - org::IsoWeekday(today) % 7;  // Sunday
  if (name == "THIS_WEEK") return DayRange{week, week + 7};
  if (name == "LAST_WEEK") return DayRange{week - 7, week};
  if (name == "NEXT_WEEK") return DayRange{week + 7, week + 14};
  if (name == "LAST_N_WEEKS") return DayRange{week - 7 * n, week};
  if (name == "NEXT_N_WEEKS") return DayRange{week + 7, week + 7 + 7 * n};
  if (name == "N_WEEKS_AGO") return DayRange{week - 7 * n, week - 7 * n + 7};
  return std::nullopt;
}

}  // namespace

std::optional<DayRange> RelativeDateRange(std::string_view name, int n, int64_t today, int fiscal_start_month) {
  int64_t k = n;
  if (name == "YESTERDAY") return DayRange{today - 1, today};
  if (name == "TODAY") return DayRange{today, today + 1};
  if (name == "TOMORROW") return DayRange{today + 1, today + 2};
  if (name == "LAST_90_DAYS") return DayRange{today - 90, today + 1};
  if (name == "NEXT_90_DAYS") return DayRange{today + 1, today + 91};
  if (name == "LAST_N_DAYS") return DayRange{today - k, today + 1};
  if (name == "NEXT_N_DAYS") return DayRange{today + 1, today + 1 + k};
  if (name == "N_DAYS_AGO") return DayRange{today - k, today - k + 1};
  if (EndsWith(name, "_WEEK") || EndsWith(name, "_WEEKS") || EndsWith(name, "WEEKS_AGO")) {
    return WeekRange(name, k, today);
  }
  int fiscal_align = fiscal_start_month - 1;
  bool fiscal = name.find("FISCAL") != std::string_view::npos;
  int align = fiscal ? fiscal_align : 0;
  if (name.find("QUARTER") != std::string_view::npos) return UnitRange(name, k, today, 3, align);
  if (name.find("YEAR") != std::string_view::npos) return UnitRange(name, k, today, 12, align);
  if (name.find("MONTH") != std::string_view::npos) return UnitRange(name, k, today, 1, 0);
  return std::nullopt;
}

}  // namespace crm::soql
