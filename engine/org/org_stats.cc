#include "engine/org/org_stats.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "engine/org/schema.h"
#include "engine/org/schema_store.h"
#include "engine/org/store.h"

namespace crm::org {
namespace {

std::string Fmt(const char* format, double a, double b = 0, double c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

using Verdict = LatentCheck::Verdict;

Verdict Judge(bool enough_data, bool holds) {
  if (!enough_data) return Verdict::kTooLittleData;
  return holds ? Verdict::kPass : Verdict::kFail;
}

Result<LatentCheck> CheckReferences(Database& db) {
  int64_t dangling = 0, checked = 0;
  for (const SObject& o : Schema::Crm().objects()) {
    for (const Field& f : o.fields) {
      if (f.type != FieldType::kReference) continue;
      const std::string col = QuoteIdent(f.name);
      Result<int64_t> n = db.QueryInt("SELECT COUNT(*) FROM " + QuoteIdent(o.name) + " c WHERE c." + col +
                                      " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + QuoteIdent(f.references) +
                                      " p WHERE p.Id = c." + col + ")");
      if (!n.ok()) return n.status();
      dangling += *n;
      ++checked;
    }
  }
  return LatentCheck{"referential integrity", Judge(true, dangling == 0),
                     std::to_string(checked) + " lookup fields, " + std::to_string(dangling) + " dangling values"};
}

Result<LatentCheck> CheckHistories(Database& db) {
  // A case is inconsistent when it lacks exactly one creation entry, when
  // its last owner assignment is not its owner, when a transfer's old value
  // is not the previous new value, or when closing and status disagree.
  Result<int64_t> bad = db.QueryInt(R"sql(
    WITH a AS (
      SELECT CaseId__c, OldValue__c, NewValue__c, CreatedDate,
             LAG(NewValue__c) OVER (PARTITION BY CaseId__c ORDER BY CreatedDate, Id) AS prev,
             ROW_NUMBER() OVER (PARTITION BY CaseId__c ORDER BY CreatedDate DESC, Id DESC) AS from_last
      FROM CaseHistory__c WHERE Field__c = 'Owner Assignment')
    SELECT COUNT(*) FROM "Case" c WHERE
      (SELECT COUNT(*) FROM CaseHistory__c h WHERE h.CaseId__c = c.Id AND h.Field__c = 'Case Creation'
         AND h.CreatedDate = c.CreatedDate) != 1
      OR NOT EXISTS (SELECT 1 FROM a WHERE a.CaseId__c = c.Id AND a.from_last = 1 AND a.NewValue__c = c.OwnerId)
      OR EXISTS (SELECT 1 FROM a WHERE a.CaseId__c = c.Id AND a.OldValue__c IS NOT a.prev)
      OR EXISTS (SELECT 1 FROM a WHERE a.CaseId__c = c.Id AND a.CreatedDate < c.CreatedDate)
      OR (c.Status = 'Closed') != (c.ClosedDate IS NOT NULL)
      OR (c.ClosedDate IS NOT NULL AND c.ClosedDate < c.CreatedDate)
      OR (SELECT COUNT(*) FROM CaseHistory__c h WHERE h.CaseId__c = c.Id AND h.Field__c = 'Case Closed'
            AND h.CreatedDate = c.ClosedDate) != (c.Status = 'Closed'))sql");
  if (!bad.ok()) return bad.status();
  return LatentCheck{"case histories consistent", Judge(true, *bad == 0), std::to_string(*bad) + " inconsistent cases"};
}

Result<LatentCheck> CheckPeakMonths(Database& db) {
  Result<Statement> stmt = db.Prepare(R"sql(
    SELECT oi.Product2Id, CAST(substr(c.CreatedDate, 6, 2) AS INTEGER) AS m, COUNT(*)
    FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c
    GROUP BY oi.Product2Id, m ORDER BY oi.Product2Id)sql");
  if (!stmt.ok()) return stmt.status();
  std::map<std::string, std::vector<int64_t>> by_product;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto& months = by_product[stmt->ColumnText(0)];
    months.resize(13, 0);
    months[static_cast<size_t>(stmt->ColumnInt(1))] = stmt->ColumnInt(2);
  }
  int considered = 0, clear = 0;
  for (auto& [product, months] : by_product) {
    int64_t total = 0;
    for (int64_t n : months) total += n;
    if (total < 12) continue;  // too few cases to speak of a trend
    ++considered;
    auto top = std::max_element(months.begin() + 1, months.end());
    int64_t second = 0;
    for (auto it = months.begin() + 1; it != months.end(); ++it) {
      if (it != top) second = std::max(second, *it);
    }
    if (*top > second && *top * 11 >= 2 * (total - *top) * 1) ++clear;  // top >= 2x the mean of the others
  }
  double share = considered ? static_cast<double>(clear) / considered : 0;
  return LatentCheck{"product peak months", Judge(considered >= 3, share >= 0.8),
                     Fmt("%.0f products with >= 12 cases; %.0f%% have one month clearly above the others", considered,
                         100 * share)};
}

Result<LatentCheck> CheckStateClosure(Database& db) {
  Result<Statement> stmt = db.Prepare(R"sql(
    SELECT a.ShippingState, COUNT(*),
           AVG((julianday(substr(c.ClosedDate,1,19)) - julianday(substr(c.CreatedDate,1,19))) * 24)
    FROM "Case" c JOIN Account a ON a.Id = c.AccountId
    WHERE c.ClosedDate IS NOT NULL GROUP BY a.ShippingState HAVING COUNT(*) >= 15)sql");
  if (!stmt.ok()) return stmt.status();
  double lo = 1e18, hi = 0;
  int states = 0;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ++states;
    lo = std::min(lo, stmt->ColumnDouble(2));
    hi = std::max(hi, stmt->ColumnDouble(2));
  }
  return LatentCheck{"closure time differs by state", Judge(states >= 3, hi >= 1.3 * lo),
                     Fmt("%.0f states with >= 15 closed cases; mean closure %.1f h (fastest) to %.1f h (slowest)", states,
                         states ? lo : 0, hi)};
}

Result<LatentCheck> CheckTransferRates(Database& db) {
  Result<Statement> stmt = db.Prepare(R"sql(
    SELECT NewValue__c,
           COUNT(*),
           (SELECT COUNT(*) FROM CaseHistory__c t WHERE t.Field__c = 'Owner Assignment' AND t.OldValue__c = h.NewValue__c)
    FROM CaseHistory__c h WHERE h.Field__c = 'Owner Assignment' GROUP BY NewValue__c HAVING COUNT(*) >= 10)sql");
  if (!stmt.ok()) return stmt.status();
  double lo = 1, hi = 0;
  int agents = 0;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ++agents;
    double rate = static_cast<double>(stmt->ColumnInt(2)) / static_cast<double>(stmt->ColumnInt(1));
    lo = std::min(lo, rate);
    hi = std::max(hi, rate);
  }
  return LatentCheck{"agents differ in transfer rate", Judge(agents >= 5, hi - lo >= 0.15),
                     Fmt("%.0f agents with >= 10 assignments; transfer-out rate %.2f to %.2f", agents, agents ? lo : 0, hi)};
}

Result<LatentCheck> CheckViolationTexts(Database& db) {
  Result<int64_t> total = db.QueryInt("SELECT COUNT(*) FROM _truth_case WHERE ViolatedArticleId IS NOT NULL");
  if (!total.ok()) {
    return LatentCheck{"violations stated in case texts", Verdict::kTooLittleData,
                       "no ground-truth table (not a generated org)"};
  }
  Result<int64_t> stated = db.QueryInt(R"sql(
    SELECT COUNT(*) FROM _truth_case t WHERE t.ViolatedArticleId IS NOT NULL AND (
      EXISTS (SELECT 1 FROM LiveChatTranscript l WHERE l.CaseId = t.CaseId AND instr(l.Body, t.Evidence) > 0)
      OR EXISTS (SELECT 1 FROM EmailMessage e WHERE e.ParentId = t.CaseId AND instr(e.TextBody, t.Evidence) > 0)))sql");
  if (!stated.ok()) return stated.status();
  Result<int64_t> cases = db.QueryInt("SELECT COUNT(*) FROM \"Case\"");
  if (!cases.ok()) return cases.status();
  return LatentCheck{"violations stated in case texts", Judge(*total > 0, *stated == *total),
                     Fmt("%.0f violating cases (%.1f%% of cases); %.0f carry the breach in a transcript or e-mail",
                         static_cast<double>(*total), *cases ? 100.0 * static_cast<double>(*total) / static_cast<double>(*cases) : 0,
                         static_cast<double>(*stated))};
}

}  // namespace

const char* VerdictName(LatentCheck::Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass: return "ok";
    case Verdict::kFail: return "FAIL";
    case Verdict::kTooLittleData: return "n/a";
  }
  return "?";
}

Result<OrgStats> ComputeOrgStats(Database& db) {
  OrgStats stats;
  Result<OrgMeta> meta = ReadOrgMeta(db);
  if (!meta.ok()) return meta.status();
  stats.generator_version = meta->generator_version;
  stats.clock = meta->clock;
  stats.seed = meta->seed;
  stats.scale = meta->scale;
  stats.pulled = meta->pulled;
  Result<std::shared_ptr<const Schema>> schema = ReadOrgSchema(db);
  if (!schema.ok()) return schema.status();
  for (const SObject& o : (*schema)->objects()) {
    Result<int64_t> n = db.QueryInt("SELECT COUNT(*) FROM " + QuoteIdent(o.name));
    if (!n.ok()) return Status::Corruption(db.path() + ": table " + o.name + " is missing or unreadable");
    stats.rows.emplace_back(o.name, *n);
  }
  // The latent structure is the generator's: a snapshot of a real org has none to check.
  if (meta->pulled) return stats;
  for (auto check : {CheckReferences, CheckHistories, CheckPeakMonths, CheckStateClosure, CheckTransferRates,
                     CheckViolationTexts}) {
    Result<LatentCheck> c = check(db);
    if (!c.ok()) return c.status();
    stats.checks.push_back(std::move(c).value());
  }
  return stats;
}

std::string FormatOrgStats(const OrgStats& s) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "org: %s, seed %llu, scale %g, clock %s\n\n", s.generator_version.c_str(),
                static_cast<unsigned long long>(s.seed), s.scale, s.clock.c_str());
  out += buf;
  out += "sObject                        rows\n";
  for (const auto& [name, rows] : s.rows) {
    std::snprintf(buf, sizeof buf, "%-24s %10lld\n", name.c_str(), static_cast<long long>(rows));
    out += buf;
  }
  out += "\nlatent structure\n";
  for (const LatentCheck& c : s.checks) {
    std::snprintf(buf, sizeof buf, "  [%-4s] %-32s %s\n", VerdictName(c.verdict), c.name.c_str(), c.detail.c_str());
    out += buf;
  }
  return out;
}

std::string OrgStatsToJson(const OrgStats& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("generator_version");
  w.String(s.generator_version.c_str());
  w.Key("seed");
  w.Uint64(s.seed);
  w.Key("scale");
  w.Double(s.scale);
  w.Key("clock");
  w.String(s.clock.c_str());
  w.Key("rows");
  w.StartObject();
  for (const auto& [name, rows] : s.rows) {
    w.Key(name.c_str());
    w.Int64(rows);
  }
  w.EndObject();
  w.Key("checks");
  w.StartArray();
  for (const LatentCheck& c : s.checks) {
    w.StartObject();
    w.Key("name");
    w.String(c.name.c_str());
    w.Key("verdict");
    w.String(VerdictName(c.verdict));
    w.Key("detail");
    w.String(c.detail.c_str());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

}  // namespace crm::org
