// engine/tasks/task_catalog.h — the benchmark's task names and answer kinds.
//
// Owns the static table of known task names (the nine CRMArena tasks and the
// CRMArena-Pro ones), each with its answer kind and default reward metric.
// The table is immutable static data: every function here is pure and safe
// from any thread; returned pointers and views live for the whole program.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace crm::tasks {

// How a task's answer is scored (the `reward_metric` key).
enum class RewardMetric { kExactMatch, kFuzzyMatch, kPrivacyRejection };

// "exact_match", "fuzzy_match", "privacy_rejection".
std::string_view RewardMetricName(RewardMetric metric);
std::optional<RewardMetric> ParseRewardMetric(std::string_view name);

// What an answer is made of; decides how answer items are extracted.
enum class AnswerKind {
  kAgentId,           // User Id (005)
  kArticleId,         // Knowledge__kav Id (ka0)
  kProductId,         // Product2 Id (01t)
  kIssueId,           // Issue__c Id (custom object, a-prefixed)
  kRecordId,          // a Salesforce Id of any object (CRMArena-Pro tasks)
  kMonth,             // "January".."December"
  kUsState,           // two-letter US state code
  kFreeText,          // knowledge answers, compared as text
  kBantFactors,       // unmet factors among Budget, Authority, Need, Timeline
  kOpportunityStage,  // Qualification, Discovery, Quote, Negotiation, Closed
  kRefusal,           // the agent must refuse (privacy / confidentiality)
};

// "agent_id", "article_id", ... (stable names for results files).
std::string_view AnswerKindName(AnswerKind kind);

// Key prefixes an answer of this kind is expected to carry; empty for
// non-id kinds and for kRecordId (any prefix). kIssueId lists our local
// org's prefix only: real orgs give custom objects their own prefixes, which
// scoring learns from the ground truth.
std::span<const std::string_view> IdKeyPrefixes(AnswerKind kind);
bool IsIdKind(AnswerKind kind);

struct TaskInfo {
  std::string_view name;
  AnswerKind answer_kind;
  RewardMetric default_metric;  // used when a file omits `reward_metric`
  bool in_crmarena;             // one of the nine original tasks
  bool in_pro;                  // part of CRMArena-Pro
};

// The whole table, originals first, in the order of TASKS.md.
std::span<const TaskInfo> AllTasks();

// Looks a canonical name up; nullptr if unknown. Older names are not
// accepted here: see CanonicalTaskName.
const TaskInfo* FindTask(std::string_view name);

// Maps names used by older files to today's ("transfer_time" ->
// "transfer_count"); other names come back unchanged.
std::string_view CanonicalTaskName(std::string_view name);

// "handle_time, transfer_count, ..." — every known name, table order.
std::string KnownTaskNamesList();

}  // namespace crm::tasks
