// engine/tasks/gen/solvers.h — reference solutions computed directly from
// the org's tables with plain SQL, independent of the tools and of SOQL.
//
// Each returns the ground-truth items (ties give several, sorted); an empty
// result means the answer is None. The rules (date bounds, what is counted,
// what is left out) are those of the official harness's tools, which is what
// a model using tools can compute (TASKS.md section 3). They read through the
// given connection and keep nothing; same threading as org::Database.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/org/sqlite.h"
#include "engine/tasks/gen/periods.h"

namespace crm::taskgen {

// Owner assignments per agent (NewValue__c) with CreatedDate in [start, end].
Result<std::map<std::string, int64_t>> HandledCaseCounts(org::Database& db, const Period& p);
// Agents with more than n_cases assignments in the period.
Result<std::vector<std::string>> QualifiedAgents(org::Database& db, const Period& p, int n_cases);
// Cases with exactly one owner assignment with CreatedDate in [start, end].
Result<std::vector<std::string>> NonTransferredCaseIds(org::Database& db, const Period& p);
// Mean (ClosedDate - CreatedDate) in seconds per owner, over closed cases
// created in [start, end) that are non-transferred; owners without such a
// case are absent.
Result<std::map<std::string, double>> AverageHandleSeconds(org::Database& db, const Period& p);
// Transfers per agent: owner assignments with CreatedDate in [start, end] and
// a non-null OldValue__c, counted for the old value. Agents who gave no case
// away are absent.
Result<std::map<std::string, int64_t>> TransferCounts(org::Database& db, const Period& p);

// The qualified agent(s) with the extreme average handle time.
Result<std::vector<std::string>> SolveHandleTime(org::Database& db, const Period& p, int n_cases, bool want_max);
// The qualified agent(s) with the most or fewest transfers, among qualified
// agents with at least one transfer: one with none is left out, as the
// official tool leaves it out, so "fewest" never picks a zero and the answer
// is None when no qualified agent transferred a case.
Result<std::vector<std::string>> SolveTransferCount(org::Database& db, const Period& p, int n_cases, bool want_max);

struct RoutingAnswer {
  std::vector<std::string> agents;
  int deciding_rule = 0;  // 1: most closed cases of the issue, 2: ... on the product, 3: fewest open cases
};
Result<RoutingAnswer> SolveCaseRouting(org::Database& db, const std::string& issue_id, const std::string& product_id);

// Issue(s) with the most cases on the product's order items created in
// [start, end] (both inclusive, as the official issue-count tool has it).
Result<std::vector<std::string>> SolveTopIssue(org::Database& db, const std::string& product_id, const Period& p);
// Cases on the product's order items created in [start, end), by the month
// name of CreatedDate (UTC); months without cases are absent.
Result<std::map<std::string, int64_t>> MonthlyCaseCounts(org::Database& db, const std::string& product_id,
                                                         const Period& p);
// The months whose count in MonthlyCaseCounts is above `threshold`, sorted
// by name (the monthly-trend definition of gen_analyst.cc).
Result<std::vector<std::string>> SolveMonthlyTrend(org::Database& db, const std::string& product_id, const Period& p,
                                                   int threshold);
// The state(s) with the lowest mean closure time of closed cases created in
// [start, end), by the account's ShippingState; cases whose account has no
// state are skipped.
Result<std::vector<std::string>> SolveBestRegion(org::Database& db, const Period& p);

// Products whose searchable text contains every word of `mention`.
Result<std::vector<std::string>> SearchProducts(org::Database& db, const std::string& mention, bool name_only);
// Products among `candidates` on activated orders of `account_id` effective on `date` (YYYY-MM-DD).
Result<std::vector<std::string>> SolvePurchase(org::Database& db, const std::string& account_id,
                                               const std::string& date, const std::vector<std::string>& candidates);

}  // namespace crm::taskgen
