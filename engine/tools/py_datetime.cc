#include "engine/tools/py_datetime.h"

#include <algorithm>
#include <climits>
#include <vector>

#include "engine/org/datetime.h"

namespace crm::py {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool InRange(char c, char lo, char hi) { return c >= lo && c <= hi; }

// One strptime directive's candidate lengths at `pos`, in the priority order
// of Python's regex for it (_strptime.TimeRE): the first candidate that lets
// the rest of the format match wins, as regex backtracking would choose.
std::vector<size_t> Candidates(char directive, std::string_view t, size_t pos) {
  std::vector<size_t> out;
  auto at = [&](size_t k) { return pos + k < t.size() ? t[pos + k] : '\0'; };
  switch (directive) {
    case 'Y':  // \d\d\d\d
      if (IsDigit(at(0)) && IsDigit(at(1)) && IsDigit(at(2)) && IsDigit(at(3))) out.push_back(4);
      break;
    case 'm':  // 1[0-2]|0[1-9]|[1-9]
      if (at(0) == '1' && InRange(at(1), '0', '2')) out.push_back(2);
      if (at(0) == '0' && InRange(at(1), '1', '9')) out.push_back(2);
      if (InRange(at(0), '1', '9')) out.push_back(1);
      break;
    case 'd':  // 3[01]|[12]\d|0[1-9]|[1-9]| [1-9]
      if (at(0) == '3' && InRange(at(1), '0', '1')) out.push_back(2);
      if (InRange(at(0), '1', '2') && IsDigit(at(1))) out.push_back(2);
      if (at(0) == '0' && InRange(at(1), '1', '9')) out.push_back(2);
      if (InRange(at(0), '1', '9')) out.push_back(1);
      if (at(0) == ' ' && InRange(at(1), '1', '9')) out.push_back(2);
      break;
    case 'H':  // 2[0-3]|[0-1]\d|\d
      if (at(0) == '2' && InRange(at(1), '0', '3')) out.push_back(2);
      if (InRange(at(0), '0', '1') && IsDigit(at(1))) out.push_back(2);
      if (IsDigit(at(0))) out.push_back(1);
      break;
    case 'M':  // [0-5]\d|\d
      if (InRange(at(0), '0', '5') && IsDigit(at(1))) out.push_back(2);
      if (IsDigit(at(0))) out.push_back(1);
      break;
    case 'S':  // 6[0-1]|[0-5]\d|\d
      if (at(0) == '6' && InRange(at(1), '0', '1')) out.push_back(2);
      if (InRange(at(0), '0', '5') && IsDigit(at(1))) out.push_back(2);
      if (IsDigit(at(0))) out.push_back(1);
      break;
    case 'f': {  // [0-9]{1,6}, greedy
      size_t n = 0;
      while (n < 6 && IsDigit(at(n))) ++n;
      for (; n >= 1; --n) out.push_back(n);
      break;
    }
    case 'z': {  // [+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z), greedy parts first
      if ((at(0) == '+' || at(0) == '-') && IsDigit(at(1)) && IsDigit(at(2))) {
        for (size_t colon1 : {size_t{1}, size_t{0}}) {
          if (colon1 && at(3) != ':') continue;
          const size_t m = 3 + colon1;
          if (!InRange(at(m), '0', '5') || !IsDigit(at(m + 1))) continue;
          const size_t base = m + 2;
          for (size_t colon2 : {size_t{1}, size_t{0}}) {
            if (colon2 && at(base) != ':') continue;
            const size_t s = base + colon2;
            if (!InRange(at(s), '0', '5') || !IsDigit(at(s + 1))) continue;
            const size_t with_seconds = s + 2;
            if (at(with_seconds) == '.') {
              size_t n = 0;
              while (n < 6 && IsDigit(at(with_seconds + 1 + n))) ++n;
              for (; n >= 1; --n) out.push_back(with_seconds + 1 + n);
            }
            out.push_back(with_seconds);
          }
          out.push_back(base);
        }
      }
      if (at(0) == 'Z') out.push_back(1);
      break;
    }
  }
  return out;
}

// The format as items: a directive letter after '%', or a literal matched
// case-insensitively (the regex is compiled with IGNORECASE).
struct Item {
  bool directive = false;
  char c = 0;
};

std::vector<Item> Items(DateFormat format) {
  std::string_view f = format == DateFormat::kRecord ? "%Y-%m-%dT%H:%M:%S.%f%z" : "%Y-%m-%dT%H:%M:%SZ";
  std::vector<Item> items;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '%') {
      items.push_back({true, f[++i]});
    } else {
      items.push_back({false, f[i]});
    }
  }
  return items;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Matches items[k..] at pos; on the first success (by priority) stores each
// directive's text in `groups` and returns the end position.
std::optional<size_t> MatchFrom(const std::vector<Item>& items, size_t k, std::string_view t, size_t pos,
                                std::vector<std::string_view>& groups) {
  if (k == items.size()) return pos;
  const Item& item = items[k];
  if (!item.directive) {
    if (pos >= t.size() || Lower(t[pos]) != Lower(item.c)) return std::nullopt;
    return MatchFrom(items, k + 1, t, pos + 1, groups);
  }
  for (size_t len : Candidates(item.c, t, pos)) {
    groups[k] = t.substr(pos, len);
    if (std::optional<size_t> end = MatchFrom(items, k + 1, t, pos + len, groups)) return end;
  }
  return std::nullopt;
}

int ToInt(std::string_view digits) {
  int n = 0;
  for (char c : digits) {
    if (IsDigit(c)) n = n * 10 + (c - '0');
  }
  return n;
}

// The UTC offset of a %z match in microseconds, following _strptime's
// reading of it (a colon after the hours requires one after the minutes
// when seconds follow); nullopt where Python raises ValueError.
std::optional<int64_t> ReadOffset(std::string_view z) {
  if (z == "Z") return 0;
  std::string s(z);
  if (s[3] == ':') {
    s.erase(3, 1);
    if (s.size() > 5) {
      if (s[5] != ':') return std::nullopt;  // "Inconsistent use of :"
      s.erase(5, 1);
    }
  }
  const int64_t hours = ToInt(s.substr(1, 2));
  const int64_t minutes = ToInt(s.substr(3, 2));
  const int64_t seconds = s.size() > 5 ? ToInt(s.substr(5, 2)) : 0;
  std::string fraction = s.size() > 8 ? s.substr(8) : "";
  fraction.resize(6, '0');
  int64_t micros = (hours * 3600 + minutes * 60 + seconds) * kMicrosPerSecond + ToInt(fraction);
  if (micros >= 24 * 3600 * kMicrosPerSecond) return std::nullopt;  // timezone() refuses |offset| >= 24h
  return s[0] == '-' ? -micros : micros;
}

DateTime FromMicros(int64_t micros) {
  int64_t days = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  org::CivilDate date = org::CivilFromDays(days);
  DateTime out;
  out.year = date.year;
  out.month = date.month;
  out.day = date.day;
  out.hour = static_cast<int>(rest / (3600 * kMicrosPerSecond));
  out.minute = static_cast<int>(rest / (60 * kMicrosPerSecond) % 60);
  out.second = static_cast<int>(rest / kMicrosPerSecond % 60);
  out.microsecond = static_cast<int>(rest % kMicrosPerSecond);
  return out;
}

}  // namespace

int64_t DateTime::UtcMicros() const {
  const int64_t days = org::DaysFromCivil(org::CivilDate{year, month, day});
  return days * kMicrosPerDay + ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + microsecond -
         utc_offset_us;
}

std::optional<DateTime> Strptime(std::string_view text, DateFormat format) {
  static const std::vector<Item> kArgumentItems = Items(DateFormat::kToolArgument);
  static const std::vector<Item> kRecordItems = Items(DateFormat::kRecord);
  const std::vector<Item>& items = format == DateFormat::kRecord ? kRecordItems : kArgumentItems;
  std::vector<std::string_view> groups(items.size());
  std::optional<size_t> end = MatchFrom(items, 0, text, 0, groups);
  if (!end || *end != text.size()) return std::nullopt;  // no match, or "unconverted data remains"
  DateTime out;
  for (size_t k = 0; k < items.size(); ++k) {
    if (!items[k].directive) continue;
    std::string_view g = groups[k];
    switch (items[k].c) {
      case 'Y': out.year = ToInt(g); break;
      case 'm': out.month = ToInt(g); break;
      case 'd': out.day = ToInt(g); break;
      case 'H': out.hour = ToInt(g); break;
      case 'M': out.minute = ToInt(g); break;
      case 'S': out.second = ToInt(g); break;
      case 'f': {
        std::string digits(g);
        digits.resize(6, '0');
        out.microsecond = ToInt(digits);
        break;
      }
      case 'z': {
        std::optional<int64_t> offset = ReadOffset(g);
        if (!offset) return std::nullopt;
        out.utc_offset_us = *offset;
        break;
      }
    }
  }
  // datetime() itself refuses these.
  if (out.year < 1 || out.second > 59 || out.day > org::DaysInMonth(out.year, out.month)) return std::nullopt;
  return out;
}

std::string FormatToolDate(const DateTime& v) {
  auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
  return std::to_string(v.year) + "-" + two(v.month) + "-" + two(v.day) + "T" + two(v.hour) + ":" + two(v.minute) +
         ":" + two(v.second) + "Z";
}

const char* MonthName(int month) { return org::kMonthNames[(month - 1) % 12]; }

std::variant<DateTime, std::string> SubtractPeriods(const DateTime& end, Period period, int64_t count) {
  if (period == Period::kDay || period == Period::kWeek) {
    // relativedelta adds timedelta(days=-d): a C int, then at most 999999999 days.
    const int64_t unit = period == Period::kWeek ? 7 : 1;
    constexpr int64_t kCIntLimit = int64_t{1} << 31;  // -d must fit a C int
    if (count > kCIntLimit / unit) return std::string("Python int too large to convert to C int");
    const int64_t days = count * unit;
    if (days > 999999999) return "days=-" + std::to_string(days) + "; must have magnitude <= 999999999";
    const int64_t end_day = org::DaysFromCivil(org::CivilDate{end.year, end.month, end.day});
    if (end_day - days < org::DaysFromCivil(org::CivilDate{1, 1, 1})) return std::string("date value out of range");
    return FromMicros(end.UtcMicros() - days * kMicrosPerDay);
  }
  // relativedelta(months=n) normalises to years and months; the year is
  // then set with datetime.replace (a C int, then 1..9999).
  const int64_t years = period == Period::kQuarter ? count / 4 : count / 12;
  const int rest_months = static_cast<int>(period == Period::kQuarter ? (count % 4) * 3 : count % 12);
  int64_t year = end.year - years;
  int month = end.month - rest_months;
  if (month < 1) {
    month += 12;
    --year;
  }
  if (year < INT_MIN) return std::string("signed integer is less than minimum");
  if (year < 1) return "year " + std::to_string(year) + " is out of range";
  DateTime out = end;
  out.year = static_cast<int>(year);
  out.month = month;
  out.day = std::min(end.day, org::DaysInMonth(out.year, month));
  return out;
}

std::variant<DateTime, std::string> AddMonthsFromFirst(int year, int month, int months) {
  int64_t y = year;
  int m = month + months;
  while (m > 12) {
    m -= 12;
    ++y;
  }
  if (y > 9999) return "year " + std::to_string(y) + " is out of range";
  DateTime out;
  out.year = static_cast<int>(y);
  out.month = m;
  out.day = 1;
  return out;
}

}  // namespace crm::py
