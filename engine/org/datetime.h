// engine/org/datetime.h — UTC calendar arithmetic and Salesforce formats.
//
// Instants are seconds since 1970-01-01T00:00:00Z; dates are days since
// 1970-01-01. Proleptic Gregorian, no time zones (the org is UTC). Pure
// functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::org {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

int64_t DaysFromCivil(CivilDate date);
CivilDate CivilFromDays(int64_t days);
int DaysInMonth(int year, int month);
// 1 = Monday .. 7 = Sunday (ISO).
int IsoWeekday(int64_t days);
// Adds months, clamping the day to the target month's last day.
CivilDate AddMonths(CivilDate date, int months);

constexpr int64_t kSecondsPerDay = 86400;

// "2023-01-05"
std::string FormatDate(int64_t days);
// "2023-01-05T10:00:00.000+0000" — the org's stored and returned form.
std::string FormatDateTime(int64_t seconds);
// "2023-01-05T10:00:00Z" — the form the benchmark's tools take and give.
std::string FormatDateTimeZ(int64_t seconds);

// Accepts YYYY-MM-DD.
std::optional<int64_t> ParseDate(std::string_view text);
// Accepts YYYY-MM-DDTHH:MM:SS with optional .fff and Z, +HHMM, +HH:MM, -...
std::optional<int64_t> ParseDateTime(std::string_view text);

extern const char* const kMonthNames[12];  // "January".."December"

}  // namespace crm::org
