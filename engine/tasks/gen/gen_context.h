// engine/tasks/gen/gen_context.h — shared machinery of the task generator:
// the draw of "today" and of periods with their phrasing, and the builder of
// the `generator` key (params and per-strategy solutions). Internal to
// engine/tasks/gen; single-threaded.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "engine/gen/random.h"
#include "engine/org/sqlite.h"
#include "engine/tasks/gen/periods.h"
#include "engine/tasks/task.h"

namespace crm::taskgen {

struct PeriodSpec {
  bool named = false;
  std::string name;  // named: "Q2", "March", "Winter"
  int year = 0;
  std::string unit;  // relative: "day", "week", "month", "quarter"
  int count = 0;
  Period period;
  std::string phrase;  // "in Q2 2023", "over the past 3 months"
};

// A task's `generator` key under construction.
class GeneratorKey {
 public:
  GeneratorKey();
  rapidjson::Document::AllocatorType& alloc() { return doc_.GetAllocator(); }

  void Param(const char* key, const std::string& value);
  void Param(const char* key, int64_t value);
  void PeriodParams(const PeriodSpec& spec, int64_t today_day);

  // act and react: one raw query.
  void Execute(const std::string& query);
  // tool_call and tool_call_flex: one call; returns its index for $result references.
  int Tool(const char* name, rapidjson::Value arguments);
  // Ends every strategy's solution with the final answer.
  void Respond(const std::string& answer);

  rapidjson::Value Str(const std::string& s);
  rapidjson::Value StrList(const std::vector<std::string>& items);
  rapidjson::Value Ref(int step);                   // {"$result": step}
  rapidjson::Value RefKey(int step, const char* key);  // {"$result": step, "$key": key}
  rapidjson::Value Object(std::initializer_list<std::pair<const char*, rapidjson::Value*>> members);

  // The period's start/end as tool arguments, after a get_period/get_start_date step.
  struct PeriodArgs {
    int step;
    bool named;
    std::string end_literal;
  };
  PeriodArgs ToolPeriod(const PeriodSpec& spec, int64_t today_day);
  rapidjson::Value StartArg(const PeriodArgs& p);
  rapidjson::Value EndArg(const PeriodArgs& p);

  std::string ToJson() const;

 private:
  rapidjson::Document doc_;
  int tool_steps_ = 0;
};

class GenContext {
 public:
  GenContext(org::Database& db, uint64_t seed, std::string_view type);
  org::Database& db() { return db_; }
  gen::Rng& rng() { return rng_; }

  // A "today" spread over the data's range (days since epoch).
  int64_t DrawToday();
  // A completed named period or a relative one ending today, inside the data.
  PeriodSpec DrawPeriod(int64_t today_day, int min_days, int max_days);

  // Fills the common parts of a task.
  tasks::Task MakeTask(const std::string& type, std::string query, std::vector<std::string> answer,
                       std::string required, const GeneratorKey& key) const;

 private:
  org::Database& db_;
  gen::Rng rng_;
};

std::string TodayText(int64_t today_day);   // "2023-05-14"
// A task's required-information text: today's date, then `more`.
std::string WithTodaysDate(int64_t today_day, const std::string& more);
std::string ToolStamp(int64_t seconds);     // "2023-05-14T00:00:00Z"
std::string SoqlStamp(int64_t seconds);     // same text: SOQL datetime literal
std::string JoinAnswer(const std::vector<std::string>& items);  // "a, b" or "None"
std::string SoqlIdList(const std::vector<std::string>& ids);    // ('a','b')
extern const char* const kPeriodDefinitions;  // metadata.optional text

}  // namespace crm::taskgen
