// engine/tools/tool_impls.h — private: one function per tool, grouped by
// file (tools_time.cc, tools_agents.cc, tools_cases.cc, tools_text.cc).
// Each reads its arguments and returns a plan; see tool.h for the contract.
#pragma once

#include "engine/tools/tool_support.h"

namespace crm::tools::internal {

using ToolFn = ToolPlan (*)(ArgReader& args);

// tools_time.cc
ToolPlan GetStartDate(ArgReader& args);
ToolPlan GetPeriod(ArgReader& args);
ToolPlan GetMonthToCaseCount(ArgReader& args);

// tools_agents.cc
ToolPlan GetAgentsWithMaxCases(ArgReader& args);
ToolPlan GetAgentsWithMinCases(ArgReader& args);
ToolPlan CalculateAverageHandleTime(ArgReader& args);
ToolPlan GetAgentHandledCasesByPeriod(ArgReader& args);
ToolPlan GetQualifiedAgentIdsByCaseCount(ArgReader& args);
ToolPlan GetNonTransferredCaseIds(ArgReader& args);
ToolPlan GetAgentTransferredCasesByPeriod(ArgReader& args);
ToolPlan FindIdWithMaxValue(ArgReader& args);
ToolPlan FindIdWithMinValue(ArgReader& args);

// tools_cases.cc
ToolPlan GetCases(ArgReader& args);
ToolPlan GetShippingState(ArgReader& args);
ToolPlan CalculateRegionAverageClosureTimes(ArgReader& args);
ToolPlan GetOrderItemIdsByProduct(ArgReader& args);
ToolPlan GetIssueCounts(ArgReader& args);

// tools_text.cc
ToolPlan GetAccountIdByContactId(ArgReader& args);
ToolPlan GetPurchaseHistory(ArgReader& args);
ToolPlan SearchKnowledgeArticles(ArgReader& args);
ToolPlan SearchProducts(ArgReader& args);
ToolPlan GetIssues(ArgReader& args);
ToolPlan GetEmailMessagesByCaseId(ArgReader& args);
ToolPlan GetLivechatTranscriptByCaseId(ArgReader& args);
ToolPlan Respond(ArgReader& args);
ToolPlan IssueSoqlQuery(ArgReader& args);
ToolPlan IssueSoslQuery(ArgReader& args);

}  // namespace crm::tools::internal
