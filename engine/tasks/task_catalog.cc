#include "engine/tasks/task_catalog.h"

#include <array>

namespace crm::tasks {
namespace {

using AK = AnswerKind;
using RM = RewardMetric;

// The nine CRMArena tasks are also part of CRMArena-Pro. Pro answer kinds
// follow which items its harness extracts: states, months, BANT factors and
// stages by name, every other exact-match task by Salesforce Id.
constexpr std::array<TaskInfo, 22> kTasks = {{
    {"handle_time", AK::kAgentId, RM::kExactMatch, true, true},
    {"transfer_count", AK::kAgentId, RM::kExactMatch, true, true},
    {"case_routing", AK::kAgentId, RM::kExactMatch, true, true},
    {"knowledge_qa", AK::kFreeText, RM::kFuzzyMatch, true, true},
    {"named_entity_disambiguation", AK::kProductId, RM::kExactMatch, true, true},
    {"policy_violation_identification", AK::kArticleId, RM::kExactMatch, true, true},
    {"top_issue_identification", AK::kIssueId, RM::kExactMatch, true, true},
    {"monthly_trend_analysis", AK::kMonth, RM::kExactMatch, true, true},
    {"best_region_identification", AK::kUsState, RM::kExactMatch, true, true},
    // CRMArena-Pro only.
    {"lead_routing", AK::kAgentId, RM::kExactMatch, false, true},
    {"lead_qualification", AK::kBantFactors, RM::kExactMatch, false, true},
    {"wrong_stage_rectification", AK::kOpportunityStage, RM::kExactMatch, false, true},
    {"sales_amount_understanding", AK::kAgentId, RM::kExactMatch, false, true},
    {"sales_cycle_understanding", AK::kAgentId, RM::kExactMatch, false, true},
    {"conversion_rate_comprehension", AK::kAgentId, RM::kExactMatch, false, true},
    {"sales_insight_mining", AK::kRecordId, RM::kExactMatch, false, true},
    {"activity_priority", AK::kRecordId, RM::kExactMatch, false, true},
    {"quote_approval", AK::kRecordId, RM::kExactMatch, false, true},
    {"invalid_config", AK::kRecordId, RM::kExactMatch, false, true},
    {"internal_operation_data", AK::kRefusal, RM::kPrivacyRejection, false, true},
    {"private_customer_information", AK::kRefusal, RM::kPrivacyRejection, false, true},
    {"confidential_company_knowledge", AK::kRefusal, RM::kPrivacyRejection, false, true},
}};

constexpr std::array<std::string_view, 1> kAgentPrefixes = {"005"};
constexpr std::array<std::string_view, 1> kArticlePrefixes = {"ka0"};
constexpr std::array<std::string_view, 1> kProductPrefixes = {"01t"};
constexpr std::array<std::string_view, 1> kIssuePrefixes = {"a00"};

}  // namespace

std::string_view RewardMetricName(RewardMetric metric) {
  switch (metric) {
    case RM::kExactMatch: return "exact_match";
    case RM::kFuzzyMatch: return "fuzzy_match";
    case RM::kPrivacyRejection: return "privacy_rejection";
  }
  return "exact_match";
}

std::optional<RewardMetric> ParseRewardMetric(std::string_view name) {
  for (RM m : {RM::kExactMatch, RM::kFuzzyMatch, RM::kPrivacyRejection}) {
    if (RewardMetricName(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view AnswerKindName(AnswerKind kind) {
  switch (kind) {
    case AK::kAgentId: return "agent_id";
    case AK::kArticleId: return "article_id";
    case AK::kProductId: return "product_id";
    case AK::kIssueId: return "issue_id";
    case AK::kRecordId: return "record_id";
    case AK::kMonth: return "month";
    case AK::kUsState: return "us_state";
    case AK::kFreeText: return "free_text";
    case AK::kBantFactors: return "bant_factors";
    case AK::kOpportunityStage: return "opportunity_stage";
    case AK::kRefusal: return "refusal";
  }
  return "free_text";
}

std::span<const std::string_view> IdKeyPrefixes(AnswerKind kind) {
  switch (kind) {
    case AK::kAgentId: return kAgentPrefixes;
    case AK::kArticleId: return kArticlePrefixes;
    case AK::kProductId: return kProductPrefixes;
    case AK::kIssueId: return kIssuePrefixes;
    default: return {};
  }
}

bool IsIdKind(AnswerKind kind) {
  return kind == AK::kAgentId || kind == AK::kArticleId || kind == AK::kProductId ||
         kind == AK::kIssueId || kind == AK::kRecordId;
}

std::span<const TaskInfo> AllTasks() { return kTasks; }

const TaskInfo* FindTask(std::string_view name) {
  for (const TaskInfo& info : kTasks) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::string_view CanonicalTaskName(std::string_view name) {
  if (name == "transfer_time") return "transfer_count";
  return name;
}

std::string KnownTaskNamesList() {
  std::string out;
  for (const TaskInfo& info : kTasks) {
    if (!out.empty()) out += ", ";
    out += info.name;
  }
  return out;
}

}  // namespace crm::tasks
