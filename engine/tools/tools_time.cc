// Period tools: get_start_date, get_period, get_month_to_case_count.
#include <array>

#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

constexpr std::array<const char*, 20> kPeriodNames = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Q1", "Q2", "Q3", "Q4", "Spring", "Summer", "Fall", "Winter"};

std::string PeriodNamesList() {
  std::string out;
  for (const char* name : kPeriodNames) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

py::Value DateText(const py::DateTime& value) { return py::Value::Str(py::FormatToolDate(value)); }

}  // namespace

ToolPlan GetStartDate(const BoundArgs& args) {
  const py::Value& end = args["end_date"];
  const py::Value& period = args["period"];
  const py::Value& count = args["interval_count"];
  if (!end.is_str()) return ReturnsText("Error: end_date must be a string");
  if (!period.is_str()) return ReturnsText("Error: period must be a string");
  if (!count.is_int_like()) return ReturnsText("Error: interval_count must be an integer");
  const std::string& unit = period.as_str();
  py::Period which;
  if (unit == "day") {
    which = py::Period::kDay;
  } else if (unit == "week") {
    which = py::Period::kWeek;
  } else if (unit == "month") {
    which = py::Period::kMonth;
  } else if (unit == "quarter") {
    which = py::Period::kQuarter;
  } else {
    return ReturnsText("Error: Invalid period. Must be 'day', 'week', 'month', or 'quarter'");
  }
  std::optional<py::DateTime> end_date = py::Strptime(end.as_str(), py::DateFormat::kToolArgument);
  if (!end_date) return ReturnsText("Error: Invalid end_date format. Expected format: 'YYYY-MM-DDTHH:MM:SSZ'");
  if (count.as_int() < 0) return ReturnsText("Error: interval_count must be a non-negative integer");
  std::variant<py::DateTime, std::string> start = py::SubtractPeriods(*end_date, which, count.as_int());
  if (const std::string* error = std::get_if<std::string>(&start)) return Returns(Unexpected(*error));
  return Returns(DateText(std::get<py::DateTime>(start)));
}

ToolPlan GetPeriod(const BoundArgs& args) {
  const py::Value& name_value = args["period_name"];
  const py::Value& year_value = args["year"];
  if (!name_value.is_str()) return ReturnsText("Error: period_name must be a string");
  if (!year_value.is_int_like()) return ReturnsText("Error: year must be an integer");
  const std::string& name = name_value.as_str();
  int index = -1;
  for (size_t i = 0; i < kPeriodNames.size(); ++i) {
    if (name == kPeriodNames[i]) index = static_cast<int>(i);
  }
  if (index < 0) return ReturnsText("Error: Invalid period_name. Must be one of " + PeriodNamesList());
  const int64_t year = year_value.as_int();
  if (year < 1 || year > 9999) return ReturnsText("Error: year must be between 1 and 9999");
  int first_month = 0;
  int months = 3;
  if (index < 12) {
    first_month = index + 1;
    months = 1;
  } else if (index < 16) {
    first_month = 3 * (index - 12 + 1) - 2;
  } else {
    first_month = 3 * (index - 16 + 1);  // Spring 3, Summer 6, Fall 9, Winter 12
  }
  std::variant<py::DateTime, std::string> end = py::AddMonthsFromFirst(static_cast<int>(year), first_month, months);
  if (const std::string* error = std::get_if<std::string>(&end)) {
    // The month branch catches the ValueError itself and blames the name.
    if (index < 12) return ReturnsText("Error: Invalid month name '" + name + "'");
    return Returns(Unexpected(*error));
  }
  py::DateTime start;
  start.year = static_cast<int>(year);
  start.month = first_month;
  py::Value out = py::Value::Dict();
  out.Set("start_date", DateText(start));
  out.Set("end_date", DateText(std::get<py::DateTime>(end)));
  return Returns(out);
}

ToolPlan GetMonthToCaseCount(const BoundArgs& args) {
  const py::Value& cases = args["cases"];
  if (!cases.is_list()) return ReturnsText("Error: Input must be a list of dictionaries");
  KeyIndex months;
  std::vector<int64_t> counts;
  for (const py::Value& c : cases.items()) {
    if (!c.is_dict()) return ReturnsText("Error: Each case must be a dictionary");
    const py::Value* created = c.Find("CreatedDate");
    if (!created) return ReturnsText("Error: Each case dictionary must contain a 'CreatedDate' key");
    if (!created->is_str()) return Returns(Unexpected(StrptimeTypeError(*created)));
    std::optional<py::DateTime> date = py::Strptime(created->as_str(), py::DateFormat::kRecord);
    if (!date) return ReturnsText("Error: Invalid date format. Expected format: 'YYYY-MM-DDTHH:MM:SSZ'");
    // strftime('%B') of the datetime as written, in its own offset.
    const size_t slot = months.Slot(py::Value::Str(py::MonthName(date->month)));
    if (slot == counts.size()) counts.push_back(0);
    ++counts[slot];
  }
  py::Value out = py::Value::Dict();
  for (size_t slot = 0; slot < counts.size(); ++slot) out.Set(months.keys()[slot], py::Value::Int(counts[slot]));
  return Returns(out);
}

}  // namespace crm::tools::internal
