#include "engine/org/datetime.h"

#include <cstdio>

namespace crm::org {

const char* const kMonthNames[12] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int64_t DaysFromCivil(CivilDate d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (d.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

int DaysInMonth(int year, int month) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

int IsoWeekday(int64_t days) {
  int64_t w = (days % 7 + 7 + 3) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>(w) + 1;
}

CivilDate AddMonths(CivilDate date, int months) {
  int total = date.year * 12 + (date.month - 1) + months;
  int year = total >= 0 ? total / 12 : (total - 11) / 12;
  int month = total - year * 12 + 1;
  int day = date.day;
  if (day > DaysInMonth(year, month)) day = DaysInMonth(year, month);
  return {year, month, day};
}

std::string FormatDate(int64_t days) {
  CivilDate c = CivilFromDays(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

namespace {
std::string FormatWithSuffix(int64_t seconds, const char* suffix) {
  int64_t days = seconds >= 0 ? seconds / kSecondsPerDay : (seconds - kSecondsPerDay + 1) / kSecondsPerDay;
  int64_t rem = seconds - days * kSecondsPerDay;
  CivilDate c = CivilFromDays(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", c.year, c.month, c.day,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60), suffix);
  return buf;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

std::string FormatDateTime(int64_t seconds) { return FormatWithSuffix(seconds, ".000+0000"); }
std::string FormatDateTimeZ(int64_t seconds) { return FormatWithSuffix(seconds, "Z"); }

std::optional<int64_t> ParseDate(std::string_view s) {
  CivilDate c;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s, 0, 4, &c.year) || !Digits(s, 5, 2, &c.month) || !Digits(s, 8, 2, &c.day)) return std::nullopt;
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > DaysInMonth(c.year, c.month)) return std::nullopt;
  return DaysFromCivil(c);
}

std::optional<int64_t> ParseDateTime(std::string_view s) {
  if (s.size() < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  std::optional<int64_t> days = ParseDate(s.substr(0, 10));
  int hh, mm, ss;
  if (!days || s[13] != ':' || s[16] != ':' || !Digits(s, 11, 2, &hh) || !Digits(s, 14, 2, &mm) ||
      !Digits(s, 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < s.size()) {
    char sign = s[pos];
    if ((sign == 'Z' || sign == 'z') && pos + 1 == s.size()) {
      pos = s.size();
    } else if (sign == '+' || sign == '-') {
      int oh, om;
      std::string_view rest = s.substr(pos + 1);
      if (rest.size() == 4 && Digits(rest, 0, 2, &oh) && Digits(rest, 2, 2, &om)) {
      } else if (rest.size() == 5 && rest[2] == ':' && Digits(rest, 0, 2, &oh) && Digits(rest, 3, 2, &om)) {
      } else {
        return std::nullopt;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      offset = (oh * 3600 + om * 60) * (sign == '+' ? 1 : -1);
      pos = s.size();
    } else {
      return std::nullopt;
    }
  }
  return *days * kSecondsPerDay + hh * 3600 + mm * 60 + ss - offset;
}

}  // namespace crm::org
