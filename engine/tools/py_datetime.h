// engine/tools/py_datetime.h — the date handling of the official tools:
// datetime.strptime with the two formats they use, the strftime forms they
// print, and dateutil's relativedelta subtraction of get_start_date, with
// Python's own error texts where a tool shows them.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace crm::py {

// The two strptime formats of the official tools.
enum class DateFormat {
  kToolArgument,  // '%Y-%m-%dT%H:%M:%SZ' (dates the model passes)
  kRecord,        // '%Y-%m-%dT%H:%M:%S.%f%z' (Salesforce record datetimes)
};

struct DateTime {
  int year = 1;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int microsecond = 0;
  int64_t utc_offset_us = 0;  // kRecord: the parsed %z; kToolArgument: 0 (naive)

  // Microseconds since 1970-01-01T00:00:00 UTC of the instant (a naive value
  // taken as UTC).
  int64_t UtcMicros() const;
};

// datetime.strptime(text, format); nullopt where Python raises ValueError
// (no match, data left over, a day or offset out of range). Python's regex
// semantics are kept: one- or two-digit fields, a case-insensitive 'T' and
// 'Z', %z forms +HHMM, +HH:MM, with seconds and fractions, or 'Z'.
std::optional<DateTime> Strptime(std::string_view text, DateFormat format);

// strftime('%Y-%m-%dT%H:%M:%SZ') as Python prints it on Linux (the year is
// not zero-padded: year 5 prints as "5").
std::string FormatToolDate(const DateTime& value);

// strftime('%B') of a month 1..12.
const char* MonthName(int month);

// The periods get_start_date accepts.
enum class Period { kDay, kWeek, kMonth, kQuarter };

// end - relativedelta(<period>=count) for count >= 0, or the text of the
// exception Python raises (e.g. "year -1 is out of range",
// "date value out of range", "days=-1000000000; must have magnitude <= 999999999").
std::variant<DateTime, std::string> SubtractPeriods(const DateTime& end, Period period, int64_t count);

// The start of a named month (1..12) of `year` plus `months` months, as
// get_period computes its end; the error text when the year leaves 1..9999.
std::variant<DateTime, std::string> AddMonthsFromFirst(int year, int month, int months);

}  // namespace crm::py
