#include "engine/tasks/task_catalog.h"

#include <gtest/gtest.h>

#include <set>

namespace crm::tasks {
namespace {

TEST(TaskCatalogTest, NineOriginalTasksWithTheirAnswerKinds) {
  int originals = 0;
  for (const TaskInfo& info : AllTasks()) originals += info.in_crmarena ? 1 : 0;
  EXPECT_EQ(originals, 9);
  EXPECT_EQ(FindTask("handle_time")->answer_kind, AnswerKind::kAgentId);
  EXPECT_EQ(FindTask("best_region_identification")->answer_kind, AnswerKind::kUsState);
  EXPECT_EQ(FindTask("monthly_trend_analysis")->answer_kind, AnswerKind::kMonth);
  EXPECT_EQ(FindTask("top_issue_identification")->answer_kind, AnswerKind::kIssueId);
  EXPECT_EQ(FindTask("named_entity_disambiguation")->answer_kind, AnswerKind::kProductId);
  EXPECT_EQ(FindTask("policy_violation_identification")->answer_kind, AnswerKind::kArticleId);
  EXPECT_EQ(FindTask("knowledge_qa")->default_metric, RewardMetric::kFuzzyMatch);
}

TEST(TaskCatalogTest, ProTasksAndNames) {
  EXPECT_EQ(FindTask("lead_qualification")->answer_kind, AnswerKind::kBantFactors);
  EXPECT_EQ(FindTask("wrong_stage_rectification")->answer_kind, AnswerKind::kOpportunityStage);
  EXPECT_EQ(FindTask("confidential_company_knowledge")->default_metric, RewardMetric::kPrivacyRejection);
  EXPECT_FALSE(FindTask("lead_routing")->in_crmarena);
  EXPECT_EQ(FindTask("transfer_time"), nullptr);
  EXPECT_EQ(CanonicalTaskName("transfer_time"), "transfer_count");
  EXPECT_EQ(CanonicalTaskName("handle_time"), "handle_time");
  std::set<std::string_view> names;
  for (const TaskInfo& info : AllTasks()) names.insert(info.name);
  EXPECT_EQ(names.size(), AllTasks().size());  // no duplicates
}

TEST(TaskCatalogTest, MetricNamesRoundTrip) {
  for (RewardMetric m : {RewardMetric::kExactMatch, RewardMetric::kFuzzyMatch, RewardMetric::kPrivacyRejection}) {
    EXPECT_EQ(ParseRewardMetric(RewardMetricName(m)), m);
  }
  EXPECT_FALSE(ParseRewardMetric("exact").has_value());
  EXPECT_EQ(IdKeyPrefixes(AnswerKind::kAgentId)[0], "005");
  EXPECT_TRUE(IdKeyPrefixes(AnswerKind::kRecordId).empty());
  EXPECT_TRUE(IsIdKind(AnswerKind::kRecordId));
  EXPECT_FALSE(IsIdKind(AnswerKind::kMonth));
}

}  // namespace
}  // namespace crm::tasks
