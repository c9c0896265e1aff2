// Task file statistics: per-type counts, None shares and answer kinds, on
// fixture files in both official shapes (JSON lines and a JSON list).
#include "engine/tasks/task_stats.h"

#include <gtest/gtest.h>

#include "engine/tasks/task_loader.h"

namespace crm::tasks {
namespace {

std::vector<Task> Load(const std::string& name) {
  auto loaded = LoadTaskFile(std::string(CRM_SOURCE_DIR) + "/tests/data/tasks/" + name);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return loaded.ok() ? *loaded : std::vector<Task>{};
}

const TaskTypeStats* Find(const TaskFileStats& stats, const std::string& task) {
  for (const TaskTypeStats& s : stats.types) {
    if (s.task == task) return &s;
  }
  return nullptr;
}

TEST(TaskStats, CountsNoneSharesAndKindsPerType) {
  // 4 handle_time (null and [null] are None), 3 monthly_trend_analysis
  // (older `type` key, single-string answers), 2 best_region, 1 knowledge_qa.
  const TaskFileStats stats = ComputeTaskStats(Load("stats_fixture.jsonl"));
  ASSERT_EQ(stats.types.size(), 4u);
  EXPECT_EQ(stats.types[0].task, "handle_time");  // catalog order
  const TaskTypeStats* handle = Find(stats, "handle_time");
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(handle->count, 4);
  EXPECT_EQ(handle->none, 2);
  EXPECT_DOUBLE_EQ(handle->NoneShare(), 0.5);
  EXPECT_EQ(handle->answer_kinds, (std::map<std::string, int64_t>{{"005 User", 2}}));
  const TaskTypeStats* monthly = Find(stats, "monthly_trend_analysis");
  ASSERT_NE(monthly, nullptr);
  EXPECT_EQ(monthly->count, 3);
  EXPECT_EQ(monthly->none, 1);
  EXPECT_EQ(monthly->answer_kinds, (std::map<std::string, int64_t>{{"month", 2}}));
  const TaskTypeStats* region = Find(stats, "best_region_identification");
  ASSERT_NE(region, nullptr);
  EXPECT_EQ(region->none, 0);
  EXPECT_EQ(region->answer_kinds, (std::map<std::string, int64_t>{{"state", 3}}));
  EXPECT_EQ(Find(stats, "knowledge_qa")->answer_kinds, (std::map<std::string, int64_t>{{"free text", 1}}));
  EXPECT_EQ(stats.total.count, 10);
  EXPECT_EQ(stats.total.none, 3);
  EXPECT_DOUBLE_EQ(stats.total.NoneShare(), 0.3);
}

TEST(TaskStats, ReadsAJsonListFile) {
  const TaskFileStats stats = ComputeTaskStats(Load("crmarena_list.json"));
  EXPECT_EQ(stats.total.count, 5);
  EXPECT_EQ(stats.total.none, 2);  // `null` and `[null]`
  ASSERT_NE(Find(stats, "named_entity_disambiguation"), nullptr);
  EXPECT_EQ(Find(stats, "named_entity_disambiguation")->none, 1);
}

TEST(TaskStats, AnswerItemKinds) {
  EXPECT_EQ(AnswerItemKind("005Wt000003otNGIAY"), "005 User");
  EXPECT_EQ(AnswerItemKind("01tWt000003otP2IAI"), "01t Product2");
  EXPECT_EQ(AnswerItemKind("ka0Wt000003otP2IAI"), "ka0 Knowledge__kav");
  // Custom-object prefixes belong to one org; another org's are not ours to name.
  EXPECT_EQ(AnswerItemKind("a01Wt000003otP2IAI"), "a01 custom object");
  EXPECT_EQ(AnswerItemKind("0ZHWt000003otP2IAI"), "0ZH ProductCategoryProduct");
  EXPECT_EQ(AnswerItemKind("00QWt000001xYzAMAU"), "00Q id");  // a Lead: not an object of this org
  EXPECT_EQ(AnswerItemKind("September"), "month");
  EXPECT_EQ(AnswerItemKind("WA"), "state");
  EXPECT_EQ(AnswerItemKind("within 60 days"), "free text");
  EXPECT_EQ(AnswerItemKind("sept"), "free text");
}

TEST(TaskStats, FormatsOneLinePerTypeAndATotal) {
  const std::string text = FormatTaskStats(ComputeTaskStats(Load("stats_fixture.jsonl")));
  EXPECT_NE(text.find("handle_time                             4      2    50.0%  005 User (2)\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("monthly_trend_analysis                  3      1    33.3%  month (2)\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("total                                  10      3    30.0%\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace crm::tasks
