#include "engine/soql/functions.h"

#include <cctype>

namespace crm::soql {
namespace {

constexpr std::string_view kAggregates[] = {"COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX", "GROUPING"};
constexpr std::string_view kDateFunctions[] = {
    "CALENDAR_MONTH", "CALENDAR_QUARTER", "CALENDAR_YEAR", "DAY_IN_MONTH", "DAY_IN_WEEK",
    "DAY_IN_YEAR",    "DAY_ONLY",         "FISCAL_MONTH",  "FISCAL_QUARTER", "FISCAL_YEAR",
    "HOUR_IN_DAY",    "WEEK_IN_MONTH",    "WEEK_IN_YEAR"};
constexpr std::string_view kWrappers[] = {"TOLABEL", "FORMAT", "CONVERTCURRENCY"};

constexpr std::string_view kPlainDates[] = {
    "YESTERDAY",    "TODAY",        "TOMORROW",       "LAST_WEEK",           "THIS_WEEK",
    "NEXT_WEEK",    "LAST_MONTH",   "THIS_MONTH",     "NEXT_MONTH",          "LAST_90_DAYS",
    "NEXT_90_DAYS", "THIS_QUARTER", "LAST_QUARTER",   "NEXT_QUARTER",        "THIS_YEAR",
    "LAST_YEAR",    "NEXT_YEAR",    "THIS_FISCAL_QUARTER", "LAST_FISCAL_QUARTER", "NEXT_FISCAL_QUARTER",
    "THIS_FISCAL_YEAR", "LAST_FISCAL_YEAR", "NEXT_FISCAL_YEAR"};
constexpr std::string_view kNDates[] = {
    "LAST_N_DAYS",     "NEXT_N_DAYS",     "N_DAYS_AGO",     "LAST_N_WEEKS",          "NEXT_N_WEEKS",
    "N_WEEKS_AGO",     "LAST_N_MONTHS",   "NEXT_N_MONTHS",  "N_MONTHS_AGO",          "LAST_N_QUARTERS",
    "NEXT_N_QUARTERS", "N_QUARTERS_AGO",  "LAST_N_YEARS",   "NEXT_N_YEARS",          "N_YEARS_AGO",
    "LAST_N_FISCAL_QUARTERS", "NEXT_N_FISCAL_QUARTERS", "N_FISCAL_QUARTERS_AGO", "LAST_N_FISCAL_YEARS",
    "NEXT_N_FISCAL_YEARS", "N_FISCAL_YEARS_AGO"};

template <size_t N>
bool Contains(const std::string_view (&table)[N], std::string_view name) {
  for (std::string_view s : table) {
    if (s == name) return true;
  }
  return false;
}

}  // namespace

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string CanonicalFunctionName(std::string_view name) { return ToUpper(name); }

FunctionKind LookupFunction(std::string_view name) {
  std::string upper = ToUpper(name);
  if (Contains(kAggregates, upper)) return FunctionKind::kAggregate;
  if (Contains(kDateFunctions, upper)) return FunctionKind::kDate;
  if (Contains(kWrappers, upper)) return FunctionKind::kWrapper;
  return FunctionKind::kUnknown;
}

bool IsRelativeDateLiteral(std::string_view upper_name, bool* takes_n) {
  if (Contains(kPlainDates, upper_name)) {
    *takes_n = false;
    return true;
  }
  if (Contains(kNDates, upper_name)) {
    *takes_n = true;
    return true;
  }
  return false;
}

}  // namespace crm::soql
