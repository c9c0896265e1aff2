#include "engine/tasks/gen/solvers.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/org/datetime.h"

namespace crm::taskgen {
namespace {

std::string Stamp(int64_t seconds) { return org::FormatDateTime(seconds); }

// Runs `sql` with text parameters and collects (key, number) rows.
Result<std::vector<std::pair<std::string, double>>> KeyValues(org::Database& db, const std::string& sql,
                                                              const std::vector<std::string>& params) {
  Result<org::Statement> stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  for (size_t i = 0; i < params.size(); ++i) stmt->BindText(static_cast<int>(i) + 1, params[i]);
  std::vector<std::pair<std::string, double>> rows;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    rows.emplace_back(stmt->ColumnText(0), stmt->ColumnDouble(1));
  }
  return rows;
}

// Keys with the extreme value; all of them on a tie, sorted.
std::vector<std::string> Extreme(const std::vector<std::pair<std::string, double>>& rows, bool want_max) {
  std::vector<std::string> out;
  if (rows.empty()) return out;
  double best = rows.front().second;
  for (const auto& [k, v] : rows) best = want_max ? std::max(best, v) : std::min(best, v);
  for (const auto& [k, v] : rows) {
    if (v == best) out.push_back(k);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The values of `by_agent` for the qualified agents only; others are dropped.
template <typename Number>
std::vector<std::pair<std::string, double>> OfQualified(const std::map<std::string, Number>& by_agent,
                                                        const std::vector<std::string>& qualified) {
  std::vector<std::pair<std::string, double>> rows;
  for (const std::string& agent : qualified) {
    auto it = by_agent.find(agent);
    if (it != by_agent.end()) rows.emplace_back(agent, static_cast<double>(it->second));
  }
  return rows;
}

constexpr const char* kAssignmentsInPeriod =
    "SELECT NewValue__c, COUNT(*) FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' "
    "AND CreatedDate >= ?1 AND CreatedDate <= ?2 GROUP BY NewValue__c";

}  // namespace

Result<std::map<std::string, int64_t>> HandledCaseCounts(org::Database& db, const Period& p) {
  auto rows = KeyValues(db, kAssignmentsInPeriod, {Stamp(p.start), Stamp(p.end)});
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> counts;
  for (const auto& [agent, n] : *rows) counts[agent] = static_cast<int64_t>(n);
  return counts;
}

Result<std::vector<std::string>> QualifiedAgents(org::Database& db, const Period& p, int n_cases) {
  auto counts = HandledCaseCounts(db, p);
  if (!counts.ok()) return counts.status();
  std::vector<std::string> out;
  for (const auto& [agent, n] : *counts) {
    if (n > n_cases) out.push_back(agent);
  }
  return out;
}

Result<std::vector<std::string>> NonTransferredCaseIds(org::Database& db, const Period& p) {
  auto rows = KeyValues(db,
                        "SELECT CaseId__c, COUNT(*) FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' "
                        "AND CreatedDate >= ?1 AND CreatedDate <= ?2 GROUP BY CaseId__c HAVING COUNT(*) = 1 ORDER BY 1",
                        {Stamp(p.start), Stamp(p.end)});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> ids;
  for (const auto& [id, n] : *rows) ids.push_back(id);
  return ids;
}

Result<std::map<std::string, double>> AverageHandleSeconds(org::Database& db, const Period& p) {
  // Assignments count in [start, end] but cases by creation in [start, end):
  // the two tools a model combines draw their bounds differently.
  auto rows = KeyValues(db, R"sql(
      WITH single AS (
        SELECT CaseId__c AS id FROM CaseHistory__c WHERE Field__c = 'Owner Assignment'
          AND CreatedDate >= ?1 AND CreatedDate <= ?2 GROUP BY CaseId__c HAVING COUNT(*) = 1)
      SELECT c.OwnerId, AVG(strftime('%s', substr(c.ClosedDate, 1, 19)) - strftime('%s', substr(c.CreatedDate, 1, 19)))
      FROM "Case" c
      WHERE c.Status = 'Closed' AND c.ClosedDate IS NOT NULL AND c.CreatedDate >= ?1 AND c.CreatedDate < ?2
        AND c.Id IN (SELECT id FROM single)
      GROUP BY c.OwnerId)sql",
                        {Stamp(p.start), Stamp(p.end)});
  if (!rows.ok()) return rows.status();
  return std::map<std::string, double>(rows->begin(), rows->end());
}

Result<std::map<std::string, int64_t>> TransferCounts(org::Database& db, const Period& p) {
  auto rows = KeyValues(db,
                        "SELECT OldValue__c, COUNT(*) FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' "
                        "AND OldValue__c IS NOT NULL AND CreatedDate >= ?1 AND CreatedDate <= ?2 GROUP BY OldValue__c",
                        {Stamp(p.start), Stamp(p.end)});
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> counts;
  for (const auto& [agent, n] : *rows) counts[agent] = static_cast<int64_t>(n);
  return counts;
}

Result<std::vector<std::string>> SolveHandleTime(org::Database& db, const Period& p, int n_cases, bool want_max) {
  auto qualified = QualifiedAgents(db, p, n_cases);
  if (!qualified.ok()) return qualified.status();
  auto averages = AverageHandleSeconds(db, p);
  if (!averages.ok()) return averages.status();
  return Extreme(OfQualified(*averages, *qualified), want_max);
}

Result<std::vector<std::string>> SolveTransferCount(org::Database& db, const Period& p, int n_cases, bool want_max) {
  auto qualified = QualifiedAgents(db, p, n_cases);
  if (!qualified.ok()) return qualified.status();
  auto transfers = TransferCounts(db, p);
  if (!transfers.ok()) return transfers.status();
  return Extreme(OfQualified(*transfers, *qualified), want_max);
}

Result<RoutingAnswer> SolveCaseRouting(org::Database& db, const std::string& issue_id, const std::string& product_id) {
  RoutingAnswer answer;
  auto by_issue = KeyValues(db,
                            "SELECT OwnerId, COUNT(*) FROM \"Case\" WHERE Status = 'Closed' AND IssueId__c = ?1 "
                            "GROUP BY OwnerId",
                            {issue_id});
  if (!by_issue.ok()) return by_issue.status();
  std::vector<std::string> tied = Extreme(*by_issue, true);
  answer.deciding_rule = 1;
  if (tied.size() > 1) {
    auto by_product = KeyValues(db,
                                "SELECT c.OwnerId, COUNT(*) FROM \"Case\" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c "
                                "WHERE c.Status = 'Closed' AND oi.Product2Id = ?1 GROUP BY c.OwnerId",
                                {product_id});
    if (!by_product.ok()) return by_product.status();
    std::vector<std::pair<std::string, double>> rows;
    for (const std::string& agent : tied) {
      double n = 0;
      for (const auto& [a, count] : *by_product) {
        if (a == agent) n = count;
      }
      rows.emplace_back(agent, n);
    }
    tied = Extreme(rows, true);
    answer.deciding_rule = 2;
  }
  if (tied.size() > 1) {
    auto open = KeyValues(db, "SELECT OwnerId, COUNT(*) FROM \"Case\" WHERE Status != 'Closed' GROUP BY OwnerId", {});
    if (!open.ok()) return open.status();
    std::vector<std::pair<std::string, double>> rows;
    for (const std::string& agent : tied) {
      double n = 0;
      for (const auto& [a, count] : *open) {
        if (a == agent) n = count;
      }
      rows.emplace_back(agent, n);
    }
    tied = Extreme(rows, false);
    answer.deciding_rule = 3;
  }
  answer.agents = std::move(tied);
  return answer;
}

Result<std::vector<std::string>> SolveTopIssue(org::Database& db, const std::string& product_id, const Period& p) {
  auto rows = KeyValues(db,
                        "SELECT c.IssueId__c, COUNT(*) FROM \"Case\" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c "
                        "WHERE oi.Product2Id = ?1 AND c.CreatedDate >= ?2 AND c.CreatedDate <= ?3 AND c.IssueId__c IS NOT NULL "
                        "GROUP BY c.IssueId__c",
                        {product_id, Stamp(p.start), Stamp(p.end)});
  if (!rows.ok()) return rows.status();
  return Extreme(*rows, true);
}

Result<std::map<std::string, int64_t>> MonthlyCaseCounts(org::Database& db, const std::string& product_id,
                                                         const Period& p) {
  auto rows = KeyValues(db,
                        "SELECT CAST(substr(c.CreatedDate, 6, 2) AS INTEGER), COUNT(*) FROM \"Case\" c "
                        "JOIN OrderItem oi ON oi.Id = c.OrderItemId__c WHERE oi.Product2Id = ?1 "
                        "AND c.CreatedDate >= ?2 AND c.CreatedDate < ?3 GROUP BY 1",
                        {product_id, Stamp(p.start), Stamp(p.end)});
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> counts;
  for (const auto& [month, n] : *rows) counts[org::kMonthNames[std::stoi(month) - 1]] = static_cast<int64_t>(n);
  return counts;
}

Result<std::vector<std::string>> SolveMonthlyTrend(org::Database& db, const std::string& product_id, const Period& p,
                                                   int threshold) {
  auto counts = MonthlyCaseCounts(db, product_id, p);
  if (!counts.ok()) return counts.status();
  std::vector<std::string> months;
  for (const auto& [month, n] : *counts) {
    if (n > threshold) months.push_back(month);
  }
  return months;  // std::map keeps them sorted by name
}

Result<std::vector<std::string>> SolveBestRegion(org::Database& db, const Period& p) {
  // An empty state is no state: the official closure-time tool skips both.
  auto rows = KeyValues(db,
                        "SELECT a.ShippingState, AVG(strftime('%s', substr(c.ClosedDate, 1, 19)) - "
                        "strftime('%s', substr(c.CreatedDate, 1, 19))) FROM \"Case\" c JOIN Account a ON a.Id = c.AccountId "
                        "WHERE c.Status = 'Closed' AND c.ClosedDate IS NOT NULL AND c.CreatedDate >= ?1 AND c.CreatedDate < ?2 "
                        "AND a.ShippingState IS NOT NULL AND a.ShippingState != '' GROUP BY a.ShippingState",
                        {Stamp(p.start), Stamp(p.end)});
  if (!rows.ok()) return rows.status();
  return Extreme(*rows, false);
}

Result<std::vector<std::string>> SearchProducts(org::Database& db, const std::string& mention, bool name_only) {
  // Words are matched as quoted FTS5 strings, so the mention cannot inject syntax.
  std::string match;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!match.empty()) match += " AND ";
    match += (name_only ? "Name:\"" : "\"") + word + "\"";
    word.clear();
  };
  for (char c : mention) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  if (match.empty()) return std::vector<std::string>{};
  Result<org::Statement> stmt = db.Prepare(
      "SELECT p.Id FROM \"Product2__search\" s JOIN Product2 p ON p.rowid = s.rowid WHERE \"Product2__search\" MATCH ?1 "
      "ORDER BY p.Id");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, match);
  std::vector<std::string> ids;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back(stmt->ColumnText(0));
  }
  return ids;
}

Result<std::vector<std::string>> SolvePurchase(org::Database& db, const std::string& account_id, const std::string& date,
                                               const std::vector<std::string>& candidates) {
  Result<org::Statement> stmt = db.Prepare(
      "SELECT DISTINCT oi.Product2Id FROM OrderItem oi JOIN \"Order\" o ON o.Id = oi.OrderId "
      "WHERE o.AccountId = ?1 AND o.Status = 'Activated' AND o.EffectiveDate = ?2 ORDER BY oi.Product2Id");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, account_id);
  stmt->BindText(2, date);
  const std::set<std::string> wanted(candidates.begin(), candidates.end());
  std::vector<std::string> out;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    std::string id = stmt->ColumnText(0);
    if (wanted.count(id)) out.push_back(id);
  }
  return out;
}

}  // namespace crm::taskgen
