// Period tools: get_start_date, get_period, get_month_to_case_count.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <cctype>

#include "engine/org/datetime.h"
#include "engine/tools/query_text.h"
#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// Months to go back per unit; 0 for day-based units. Sets *days for those.
std::optional<int> UnitMonths(std::string unit, int* days) {
  if (!unit.empty() && unit.back() == 's') unit.pop_back();
  *days = 0;
  if (unit == "day") return *days = 1, 0;
  if (unit == "week") return *days = 7, 0;
  if (unit == "month") return 1;
  if (unit == "quarter") return 3;
  return std::nullopt;
}

int64_t AtMidnight(org::CivilDate date) { return org::DaysFromCivil(date) * org::kSecondsPerDay; }

// First month (1-based, may exceed 12 for Winter's end) and length in months.
std::optional<std::pair<int, int>> NamedPeriod(const std::string& name) {
  for (int m = 0; m < 12; ++m) {
    if (name == Lower(org::kMonthNames[m])) return std::make_pair(m + 1, 1);
  }
  if (name.size() == 2 && name[0] == 'q' && name[1] >= '1' && name[1] <= '4') {
    return std::make_pair((name[1] - '1') * 3 + 1, 3);
  }
  if (name == "spring") return std::make_pair(3, 3);
  if (name == "summer") return std::make_pair(6, 3);
  if (name == "fall" || name == "autumn") return std::make_pair(9, 3);
  if (name == "winter") return std::make_pair(12, 3);
  return std::nullopt;
}

}  // namespace

ToolPlan GetStartDate(ArgReader& args) {
  std::optional<int64_t> end = args.DateTime("end_date");
  std::optional<std::string> period = args.String("period");
  std::optional<int64_t> count = args.Int("interval_count");
  if (!args.ok()) return TextResult(args.error());
  int days = 0;
  std::optional<int> months = UnitMonths(Lower(*period), &days);
  if (!months) return ErrorResult("argument 'period' must be one of day, week, month, quarter");
  if (*count < 0 || *count > 100000) return ErrorResult("argument 'interval_count' must be between 0 and 100000");
  int64_t day = *end / org::kSecondsPerDay - (*end % org::kSecondsPerDay < 0 ? 1 : 0);
  int64_t time_of_day = *end - day * org::kSecondsPerDay;
  int64_t start_day = day - *count * days;
  if (*months > 0) {
    start_day = org::DaysFromCivil(org::AddMonths(org::CivilFromDays(day), -static_cast<int>(*count * *months)));
  }
  return TextResult(JsonString(org::FormatDateTimeZ(start_day * org::kSecondsPerDay + time_of_day)));
}

ToolPlan GetPeriod(ArgReader& args) {
  std::optional<std::string> name = args.String("period_name");
  std::optional<int64_t> year = args.Int("year");
  if (!args.ok()) return TextResult(args.error());
  std::optional<std::pair<int, int>> period = NamedPeriod(Lower(*name));
  if (!period) {
    return ErrorResult("argument 'period_name' must be a month name (January..December), Q1..Q4, Spring, Summer, "
                       "Fall or Winter");
  }
  if (*year < 1900 || *year > 2999) return ErrorResult("argument 'year' must be a year between 1900 and 2999");
  org::CivilDate start{static_cast<int>(*year), period->first, 1};
  org::CivilDate end = org::AddMonths(start, period->second);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("start_date");
  w.String(org::FormatDateTimeZ(AtMidnight(start)).c_str());
  w.Key("end_date");
  w.String(org::FormatDateTimeZ(AtMidnight(end)).c_str());
  w.EndObject();
  return TextResult(buf.GetString());
}

ToolPlan GetMonthToCaseCount(ArgReader& args) {
  const rapidjson::Value* cases = args.Records("cases");
  if (!args.ok()) return TextResult(args.error());
  std::array<int64_t, 12> counts{};
  for (const rapidjson::Value& c : cases->GetArray()) {
    std::optional<int64_t> created = FieldTime(c, "CreatedDate");
    if (!created) continue;
    int64_t day = *created / org::kSecondsPerDay - (*created % org::kSecondsPerDay < 0 ? 1 : 0);
    ++counts[org::CivilFromDays(day).month - 1];
  }
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (int m = 0; m < 12; ++m) {
    if (counts[m] == 0) continue;
    w.Key(org::kMonthNames[m]);
    w.Int64(counts[m]);
  }
  w.EndObject();
  return TextResult(buf.GetString());
}

}  // namespace crm::tools::internal
