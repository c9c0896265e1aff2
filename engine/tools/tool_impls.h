// engine/tools/tool_impls.h — private: one function per tool, grouped by
// file (tools_agents.cc, tools_time.cc, tools_cases.cc, tools_text.cc), plus
// the helpers they share. Each takes its bound arguments and returns a plan;
// see tool.h for the contract and functions.py of the official harness for
// the behaviour each one reproduces.
#pragma once

#include "engine/tools/tool_support.h"

namespace crm::tools::internal {

using ToolFn = ToolPlan (*)(const BoundArgs& args);

// ---- shared by the implementations ----

// An official query text laid out as the tools' triple-quoted f-strings are:
// a newline, then each line indented by 12 spaces, then a newline and 8
// spaces. (The layout decides the Row:Column of a query error.)
std::string SoqlBlock(std::initializer_list<std::string> lines);

// A continuation returning run_query's result as the tool does (records or
// the error text).
py::Value RecordsAsIs(const QueryOutcome& outcome);

// A continuation for tools that return the error text when status is 0 and
// otherwise `transform(records)`; the connector's own exception becomes the
// tool's "unexpected error" text.
template <typename Transform>
std::function<py::Value(const QueryOutcome&)> OnRecords(Transform transform) {
  return [transform](const QueryOutcome& outcome) -> py::Value {
    ConnectorResult r = RunQueryResult(outcome);
    if (r.raised) return Unexpected(*r.raised);
    if (r.status == 0) return r.result;
    return transform(r.result.items());
  };
}

// A continuation for `[record[key] for record in result]` (after the status
// check), the KeyError included.
std::function<py::Value(const QueryOutcome&)> ColumnOf(const char* key);

// strptime(value, '%Y-%m-%dT%H:%M:%SZ') succeeded (value a str).
bool IsToolDate(const py::Value& value);

// ---- the tools ----

// tools_agents.cc
ToolPlan GetAgentsWithMaxCases(const BoundArgs& args);
ToolPlan GetAgentsWithMinCases(const BoundArgs& args);
ToolPlan CalculateAverageHandleTime(const BoundArgs& args);
ToolPlan GetAgentHandledCasesByPeriod(const BoundArgs& args);
ToolPlan GetQualifiedAgentIdsByCaseCount(const BoundArgs& args);
ToolPlan GetNonTransferredCaseIds(const BoundArgs& args);
ToolPlan GetAgentTransferredCasesByPeriod(const BoundArgs& args);
ToolPlan FindIdWithMaxValue(const BoundArgs& args);
ToolPlan FindIdWithMinValue(const BoundArgs& args);

// tools_time.cc
ToolPlan GetStartDate(const BoundArgs& args);
ToolPlan GetPeriod(const BoundArgs& args);
ToolPlan GetMonthToCaseCount(const BoundArgs& args);

// tools_cases.cc
ToolPlan GetCases(const BoundArgs& args);
ToolPlan GetShippingState(const BoundArgs& args);
ToolPlan CalculateRegionAverageClosureTimes(const BoundArgs& args);
ToolPlan GetOrderItemIdsByProduct(const BoundArgs& args);
ToolPlan GetIssueCounts(const BoundArgs& args);

// tools_text.cc
ToolPlan GetAccountIdByContactId(const BoundArgs& args);
ToolPlan GetPurchaseHistory(const BoundArgs& args);
ToolPlan SearchKnowledgeArticles(const BoundArgs& args);
ToolPlan SearchProducts(const BoundArgs& args);
ToolPlan GetIssues(const BoundArgs& args);
ToolPlan GetEmailMessagesByCaseId(const BoundArgs& args);
ToolPlan GetLivechatTranscriptByCaseId(const BoundArgs& args);
ToolPlan IssueSoqlQuery(const BoundArgs& args);
ToolPlan IssueSoslQuery(const BoundArgs& args);

}  // namespace crm::tools::internal
