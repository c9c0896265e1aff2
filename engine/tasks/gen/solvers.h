// engine/tasks/gen/solvers.h — reference solutions computed directly from
// the org's tables with plain SQL, independent of the tools and of SOQL.
//
// Each returns the ground-truth items (ties give several, sorted); an empty
// result means the answer is None. They read through the given connection
// and keep nothing; same threading as org::Database.
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

Result<std::vector<std::string>> SolveHandleTime(org::Database& db, const Period& p, int n_cases, bool want_max);
Result<std::vector<std::string>> SolveTransferCount(org::Database& db, const Period& p, int n_cases, bool want_max);

struct RoutingAnswer {
  std::vector<std::string> agents;
  int deciding_rule = 0;  // 1: most closed cases of the issue, 2: ... on the product, 3: fewest open cases
};
Result<RoutingAnswer> SolveCaseRouting(org::Database& db, const std::string& issue_id, const std::string& product_id);

Result<std::vector<std::string>> SolveTopIssue(org::Database& db, const std::string& product_id, const Period& p);
Result<std::vector<std::string>> SolvePeakMonth(org::Database& db, const std::string& product_id, const Period& p);
Result<std::vector<std::string>> SolveBestRegion(org::Database& db, const Period& p);

// Products whose searchable text contains every word of `mention`.
Result<std::vector<std::string>> SearchProducts(org::Database& db, const std::string& mention, bool name_only);
// Products among `candidates` on activated orders of `account_id` effective on `date` (YYYY-MM-DD).
Result<std::vector<std::string>> SolvePurchase(org::Database& db, const std::string& account_id,
                                               const std::string& date, const std::vector<std::string>& candidates);

}  // namespace crm::taskgen
