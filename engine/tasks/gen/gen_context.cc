#include "engine/tasks/gen/gen_context.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/org/datetime.h"

namespace crm::taskgen {
namespace {

const char* const kStrategies[] = {"act", "react", "tool_call", "tool_call_flex"};
constexpr int64_t kDay = org::kSecondsPerDay;

std::string Plural(int n, const std::string& unit) { return n == 1 ? unit : unit + "s"; }

}  // namespace

const char* const kPeriodDefinitions =
    "Period definitions: a month, quarter or season named in a question starts at 00:00 UTC on its first day and "
    "ends where the next one begins. Q1 runs from January 1 to April 1, Q2 from April 1 to July 1, Q3 from July 1 "
    "to October 1 and Q4 from October 1 to January 1 of the next year. Spring runs from March 1 to June 1, Summer "
    "from June 1 to September 1, Fall from September 1 to December 1, and Winter from December 1 to March 1 of the "
    "next year (Winter 2022 starts in December 2022). 'The past N days, weeks, months or quarters' ends at 00:00 UTC "
    "today and starts that many units earlier; a quarter is three months.";

std::string TodayText(int64_t today_day) { return org::FormatDate(today_day); }

std::string WithTodaysDate(int64_t today_day, const std::string& more) {
  return "Today's date: " + TodayText(today_day) + ". " + more;
}
std::string ToolStamp(int64_t seconds) { return org::FormatDateTimeZ(seconds); }
std::string SoqlStamp(int64_t seconds) { return org::FormatDateTimeZ(seconds); }

std::string JoinAnswer(const std::vector<std::string>& items) {
  if (items.empty()) return "None";
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string SoqlIdList(const std::vector<std::string>& ids) {
  std::string out = "(";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", '" : "'") + ids[i] + "'";
  return out + ")";
}

GeneratorKey::GeneratorKey() {
  doc_.SetObject();
  doc_.AddMember("params", rapidjson::Value(rapidjson::kObjectType), alloc());
  rapidjson::Value solution(rapidjson::kObjectType);
  for (const char* s : kStrategies) solution.AddMember(rapidjson::StringRef(s), rapidjson::Value(rapidjson::kArrayType), alloc());
  doc_.AddMember("solution", solution, alloc());
}

void GeneratorKey::Param(const char* key, const std::string& value) {
  doc_["params"].AddMember(rapidjson::StringRef(key), Str(value), alloc());
}
void GeneratorKey::Param(const char* key, int64_t value) {
  doc_["params"].AddMember(rapidjson::StringRef(key), rapidjson::Value(value), alloc());
}

void GeneratorKey::PeriodParams(const PeriodSpec& spec, int64_t today_day) {
  Param("today", ToolStamp(today_day * kDay));
  Param("start_date", ToolStamp(spec.period.start));
  Param("end_date", ToolStamp(spec.period.end));
  if (spec.named) {
    Param("period_name", spec.name);
    Param("year", spec.year);
  } else {
    Param("period", spec.unit);
    Param("interval_count", spec.count);
  }
}

void GeneratorKey::Execute(const std::string& query) {
  for (const char* s : {"act", "react"}) {
    rapidjson::Value step(rapidjson::kObjectType);
    step.AddMember("execute", Str(query), alloc());
    doc_["solution"][s].PushBack(step, alloc());
  }
}

int GeneratorKey::Tool(const char* name, rapidjson::Value arguments) {
  for (const char* s : {"tool_call", "tool_call_flex"}) {
    rapidjson::Value step(rapidjson::kObjectType);
    step.AddMember("tool", rapidjson::Value(name, alloc()), alloc());
    rapidjson::Value copy(arguments, alloc());
    step.AddMember("arguments", copy, alloc());
    doc_["solution"][s].PushBack(step, alloc());
  }
  return tool_steps_++;
}

void GeneratorKey::Respond(const std::string& answer) {
  for (const char* s : {"act", "react"}) {
    rapidjson::Value step(rapidjson::kObjectType);
    step.AddMember("respond", Str(answer), alloc());
    doc_["solution"][s].PushBack(step, alloc());
  }
  rapidjson::Value content = Str(answer);
  rapidjson::Value args = Object({{"content", &content}});
  Tool("respond", std::move(args));
}

rapidjson::Value GeneratorKey::Str(const std::string& s) { return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), alloc()); }

rapidjson::Value GeneratorKey::StrList(const std::vector<std::string>& items) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const std::string& i : items) list.PushBack(Str(i), alloc());
  return list;
}

rapidjson::Value GeneratorKey::Ref(int step) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("$result", step, alloc());
  return v;
}

rapidjson::Value GeneratorKey::RefKey(int step, const char* key) {
  rapidjson::Value v = Ref(step);
  v.AddMember("$key", rapidjson::StringRef(key), alloc());
  return v;
}

rapidjson::Value GeneratorKey::Object(std::initializer_list<std::pair<const char*, rapidjson::Value*>> members) {
  rapidjson::Value v(rapidjson::kObjectType);
  for (const auto& [k, value] : members) v.AddMember(rapidjson::StringRef(k), *value, alloc());
  return v;
}

GeneratorKey::PeriodArgs GeneratorKey::ToolPeriod(const PeriodSpec& spec, int64_t today_day) {
  const std::string today = ToolStamp(today_day * kDay);
  if (spec.named) {
    rapidjson::Value name = Str(spec.name);
    rapidjson::Value year(spec.year);
    return {Tool("get_period", Object({{"period_name", &name}, {"year", &year}})), true, ""};
  }
  rapidjson::Value end = Str(today);
  rapidjson::Value unit = Str(spec.unit);
  rapidjson::Value count(spec.count);
  int step = Tool("get_start_date", Object({{"end_date", &end}, {"period", &unit}, {"interval_count", &count}}));
  return {step, false, today};
}

rapidjson::Value GeneratorKey::StartArg(const PeriodArgs& p) { return p.named ? RefKey(p.step, "start_date") : Ref(p.step); }
rapidjson::Value GeneratorKey::EndArg(const PeriodArgs& p) { return p.named ? RefKey(p.step, "end_date") : Str(p.end_literal); }

std::string GeneratorKey::ToJson() const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc_.Accept(w);
  return buf.GetString();
}

GenContext::GenContext(org::Database& db, uint64_t seed, std::string_view type)
    : db_(db), rng_(gen::Rng(seed).Fork(type)) {}

int64_t GenContext::DrawToday() {
  const int64_t first = org::DaysFromCivil({2020, 9, 1});
  const int64_t last = org::DaysFromCivil({2025, 6, 30});
  return rng_.UniformInt(first, last);
}

PeriodSpec GenContext::DrawPeriod(int64_t today_day, int min_days, int max_days) {
  const int64_t data_start = org::DaysFromCivil({2020, 1, 1}) * kDay;
  static const char* kSeasons[] = {"Spring", "Summer", "Fall", "Winter"};
  for (int attempt = 0;; ++attempt) {
    PeriodSpec spec;
    const double kind = rng_.Uniform01();
    const org::CivilDate today = org::CivilFromDays(today_day);
    if (kind < 0.5) {
      spec.named = true;
      spec.year = static_cast<int>(rng_.UniformInt(2020, today.year));
      const double which = rng_.Uniform01();
      if (which < 0.35) {
        spec.name = org::kMonthNames[rng_.UniformInt(0, 11)];
      } else if (which < 0.7) {
        spec.name = "Q" + std::to_string(rng_.UniformInt(1, 4));
      } else {
        spec.name = kSeasons[rng_.UniformInt(0, 3)];
      }
      spec.period = *NamedPeriod(spec.name, spec.year);
      spec.phrase = (spec.name.size() == 2 ? "in " : (spec.name == "Spring" || spec.name == "Summer" ||
                                                      spec.name == "Fall" || spec.name == "Winter")
                                                         ? "during "
                                                         : "in ") +
                    spec.name + " " + std::to_string(spec.year);
    } else {
      static const char* kUnits[] = {"day", "week", "month", "quarter"};
      static const int kMax[] = {120, 26, 12, 4};
      const int u = static_cast<int>(rng_.UniformInt(0, 3));
      spec.unit = kUnits[u];
      spec.count = static_cast<int>(rng_.UniformInt(u == 0 ? 7 : 1, kMax[u]));
      spec.period = *RelativePeriod(today_day, spec.unit, spec.count);
      const char* lead[] = {"in the past ", "over the last ", "during the past "};
      spec.phrase = std::string(lead[rng_.UniformInt(0, 2)]) +
                    (spec.count == 1 ? spec.unit : std::to_string(spec.count) + " " + Plural(spec.count, spec.unit));
    }
    const int64_t days = (spec.period.end - spec.period.start) / kDay;
    const bool inside = spec.period.start >= data_start && spec.period.end <= today_day * kDay;
    if ((inside && days >= min_days && days <= max_days) || attempt > 200) return spec;
  }
}

tasks::Task GenContext::MakeTask(const std::string& type, std::string query, std::vector<std::string> answer,
                                 std::string required, const GeneratorKey& key) const {
  tasks::Task t;
  t.task = type;
  t.query = std::move(query);
  if (answer.empty()) {
    t.answer.push_back(std::nullopt);
  } else {
    for (std::string& a : answer) t.answer.emplace_back(std::move(a));
  }
  const tasks::TaskInfo* info = tasks::FindTask(type);
  t.reward_metric = info != nullptr ? info->default_metric : tasks::RewardMetric::kExactMatch;
  t.metadata_required = std::move(required);
  t.metadata_optional = kPeriodDefinitions;
  t.extra.push_back({"generator", key.ToJson()});
  return t;
}

}  // namespace crm::taskgen
