// The generated org: sizes, integrity, histories, determinism, and latent
// structure measured independently of the generator's own code paths.
#include "engine/gen/generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <vector>

#include "engine/org/datetime.h"
#include "engine/org/org_stats.h"
#include "tests/engine/org/test_org.h"

namespace crm::gen {
namespace {

int64_t Count(org::Database& db, const std::string& sql) {
  Result<int64_t> n = db.QueryInt(sql);
  EXPECT_TRUE(n.ok()) << sql << ": " << n.status().ToString();
  return n.ok() ? *n : -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Spearman rank correlation of two equally long series.
double RankCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  auto ranks = [](const std::vector<double>& v) {
    std::vector<size_t> idx(v.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (size_t i = 0; i < idx.size(); ++i) r[idx[i]] = static_cast<double>(i);
    return r;
  };
  std::vector<double> rx = ranks(x), ry = ranks(y);
  double n = static_cast<double>(x.size()), d2 = 0;
  for (size_t i = 0; i < x.size(); ++i) d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
  return 1 - 6 * d2 / (n * (n * n - 1));
}

TEST(GeneratorTest, ScaleOneResemblesThePublishedOrg) {
  auto db = testing::OpenSharedOrg();
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM \"Order\""), 2000);
  EXPECT_NEAR(Count(*db, "SELECT COUNT(*) FROM OrderItem"), 71000, 5000);
  EXPECT_NEAR(Count(*db, "SELECT COUNT(*) FROM PricebookEntry"), 22000, 1000);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM \"Case\""), 1000);
  EXPECT_NEAR(Count(*db, "SELECT COUNT(*) FROM EmailMessage"), 3200, 500);
  int64_t agents = Count(*db, "SELECT COUNT(*) FROM User");
  EXPECT_GE(agents, 30);
  EXPECT_LE(agents, 60);
  EXPECT_GE(Count(*db, "SELECT COUNT(*) FROM Knowledge__kav"), 150);
  EXPECT_GE(Count(*db, "SELECT COUNT(*) FROM _truth_article WHERE Category = 'policy' AND Parameter > 0"), 24);
  EXPECT_NEAR(Count(*db, "SELECT COUNT(*) FROM Issue__c"), 20, 2);
  EXPECT_GE(Count(*db, "SELECT COUNT(*) FROM Product2"), 200);
  EXPECT_GE(Count(*db, "SELECT COUNT(*) FROM ProductCategory"), 8);
  // Data spans 2020-01-01 to 2025-06-30 and nothing happens after the org clock.
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM \"Order\" WHERE EffectiveDate < '2020-01-01' OR EffectiveDate > '2025-06-30'"), 0);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM \"Case\" WHERE CreatedDate < '2020-01-01' OR CreatedDate >= '2025-07-01'"), 0);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM \"Case\" WHERE ClosedDate >= '2025-07-01'"), 0);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM CaseHistory__c WHERE CreatedDate >= '2025-07-01'"), 0);
  EXPECT_GT(Count(*db, "SELECT COUNT(*) FROM \"Case\" WHERE Status != 'Closed'"), 0);
}

TEST(GeneratorTest, EveryLookupResolves) {
  auto db = testing::OpenSharedOrg();
  Result<org::OrgStats> stats = org::ComputeOrgStats(*db);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  for (const org::LatentCheck& c : stats->checks) EXPECT_TRUE(c.passed()) << c.name << ": " << c.detail;
  // And directly, for the lookups the tasks lean on.
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM \"Case\" c LEFT JOIN OrderItem oi ON oi.Id = c.OrderItemId__c "
                       "WHERE oi.Id IS NULL"), 0);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM CaseHistory__c h WHERE h.Field__c = 'Owner Assignment' AND "
                       "NOT EXISTS (SELECT 1 FROM User u WHERE u.Id = h.NewValue__c)"), 0);
}

TEST(GeneratorTest, CasesAreAboutTheirCustomersEarlierActivatedPurchases) {
  auto db = testing::OpenSharedOrg();
  EXPECT_EQ(Count(*db, R"(SELECT COUNT(*) FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c
                            JOIN "Order" o ON o.Id = oi.OrderId
                          WHERE o.AccountId != c.AccountId OR o.Status != 'Activated'
                             OR o.EffectiveDate >= substr(c.CreatedDate, 1, 10))"), 0);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM \"Case\" c JOIN Contact k ON k.Id = c.ContactId WHERE k.AccountId != c.AccountId"), 0);
}

TEST(GeneratorTest, HistoriesAgreeWithOwnersStatusesAndDates) {
  auto db = testing::OpenSharedOrg();
  struct Entry {
    std::string field, old_value, new_value, at;
  };
  std::map<std::string, std::vector<Entry>> by_case;
  auto h = db->Prepare("SELECT CaseId__c, Field__c, OldValue__c, NewValue__c, CreatedDate FROM CaseHistory__c "
                       "ORDER BY CaseId__c, CreatedDate, Id");
  ASSERT_TRUE(h.ok());
  while (*h->Step()) {
    by_case[h->ColumnText(0)].push_back({h->ColumnText(1), h->ColumnText(2), h->ColumnText(3), h->ColumnText(4)});
  }
  auto c = db->Prepare("SELECT Id, OwnerId, Status, CreatedDate, ClosedDate FROM \"Case\"");
  ASSERT_TRUE(c.ok());
  int cases = 0, transferred = 0;
  while (*c->Step()) {
    ++cases;
    const std::string id = c->ColumnText(0), owner = c->ColumnText(1), status = c->ColumnText(2);
    const std::string created = c->ColumnText(3), closed = c->ColumnText(4);
    const auto& entries = by_case[id];
    ASSERT_FALSE(entries.empty()) << id;
    EXPECT_EQ(entries.front().field, "Case Creation") << id;
    EXPECT_EQ(entries.front().at, created) << id;
    std::string previous;
    int assignments = 0;
    for (const Entry& e : entries) {
      EXPECT_GE(e.at, created) << id;
      if (e.field != "Owner Assignment") {
        EXPECT_TRUE(e.old_value.empty() && e.new_value.empty()) << id;
        continue;
      }
      EXPECT_EQ(e.old_value, previous) << id << ": the first assignment has a null old value, later ones the previous owner";
      previous = e.new_value;
      ++assignments;
    }
    EXPECT_GE(assignments, 1) << id;
    if (assignments > 1) ++transferred;
    EXPECT_EQ(previous, owner) << id << ": the last assignment is the case owner";
    if (status == "Closed") {
      EXPECT_EQ(entries.back().field, "Case Closed") << id;
      EXPECT_EQ(entries.back().at, closed) << id;
    } else {
      EXPECT_TRUE(closed.empty()) << id;
      EXPECT_NE(entries.back().field, "Case Closed") << id;
    }
  }
  EXPECT_EQ(cases, 1000);
  EXPECT_GT(transferred, 50);  // transfers happen, so transfer_count tasks have answers
}

TEST(GeneratorTest, ProductPeakMonthsShowInTheData) {
  auto db = testing::OpenSharedOrg();
  auto stmt = db->Prepare(R"(SELECT oi.Product2Id, CAST(substr(c.CreatedDate, 6, 2) AS INTEGER), COUNT(*), lp.PeakMonth
                             FROM "Case" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c
                             JOIN _latent_product lp ON lp.Product2Id = oi.Product2Id GROUP BY 1, 2)");
  ASSERT_TRUE(stmt.ok());
  std::map<std::string, std::pair<std::vector<int64_t>, int>> months;
  while (*stmt->Step()) {
    auto& [counts, peak] = months[stmt->ColumnText(0)];
    counts.resize(13);
    counts[static_cast<size_t>(stmt->ColumnInt(1))] = stmt->ColumnInt(2);
    peak = static_cast<int>(stmt->ColumnInt(3));
  }
  int considered = 0, agree = 0;
  for (const auto& [product, entry] : months) {
    const auto& counts = entry.first;
    int64_t total = 0;
    for (int64_t n : counts) total += n;
    if (total < 12) continue;
    ++considered;
    if (std::max_element(counts.begin() + 1, counts.end()) - counts.begin() == entry.second) ++agree;
  }
  EXPECT_GE(considered, 8);
  EXPECT_GE(agree * 10, considered * 9) << agree << " of " << considered;
}

TEST(GeneratorTest, ClosureSpeedFollowsTheStateTrait) {
  auto db = testing::OpenSharedOrg();
  auto stmt = db->Prepare(R"(SELECT ls.ClosureFactor,
        AVG(julianday(substr(c.ClosedDate, 1, 19)) - julianday(substr(c.CreatedDate, 1, 19)))
      FROM "Case" c JOIN Account a ON a.Id = c.AccountId JOIN _latent_state ls ON ls.State = a.ShippingState
      WHERE c.ClosedDate IS NOT NULL GROUP BY a.ShippingState HAVING COUNT(*) >= 20)");
  ASSERT_TRUE(stmt.ok());
  std::vector<double> factor, observed;
  while (*stmt->Step()) {
    factor.push_back(stmt->ColumnDouble(0));
    observed.push_back(stmt->ColumnDouble(1));
  }
  ASSERT_GE(factor.size(), 8u);
  EXPECT_GT(RankCorrelation(factor, observed), 0.6);
}

TEST(GeneratorTest, TransferRatesFollowTheAgentTrait) {
  auto db = testing::OpenSharedOrg();
  auto stmt = db->Prepare(R"(SELECT la.TransferRate,
        1.0 * (SELECT COUNT(*) FROM CaseHistory__c t WHERE t.Field__c = 'Owner Assignment' AND t.OldValue__c = la.UserId)
            / COUNT(*)
      FROM CaseHistory__c h JOIN _latent_agent la ON la.UserId = h.NewValue__c
      WHERE h.Field__c = 'Owner Assignment' GROUP BY la.UserId HAVING COUNT(*) >= 15)");
  ASSERT_TRUE(stmt.ok());
  std::vector<double> trait, observed;
  while (*stmt->Step()) {
    trait.push_back(stmt->ColumnDouble(0));
    observed.push_back(stmt->ColumnDouble(1));
  }
  ASSERT_GE(trait.size(), 20u);
  EXPECT_GT(RankCorrelation(trait, observed), 0.6);
}

TEST(GeneratorTest, ViolationsAreStatedAndBreakTheArticlesRule) {
  auto db = testing::OpenSharedOrg();
  // Every violation names a policy article, and its breach is in the case's texts.
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM _truth_case t LEFT JOIN _truth_article a ON a.ArticleId = t.ViolatedArticleId "
                       "WHERE t.ViolatedArticleId IS NOT NULL AND (a.Category IS NOT 'policy' OR a.PolicyKind = 'informational')"),
            0);
  int64_t violations = Count(*db, "SELECT COUNT(*) FROM _truth_case WHERE ViolatedArticleId IS NOT NULL");
  EXPECT_GE(violations, 50);
  EXPECT_LE(violations, 250);
  // Compliant conversations about a policy exist too, so a keyword cannot tell them apart.
  EXPECT_GE(Count(*db, "SELECT COUNT(*) FROM _truth_case WHERE PolicyArticleId IS NOT NULL AND ViolatedArticleId IS NULL"),
            violations);
  EXPECT_EQ(Count(*db, R"(SELECT COUNT(*) FROM _truth_case t WHERE t.PolicyArticleId IS NOT NULL AND NOT (
      EXISTS (SELECT 1 FROM LiveChatTranscript l WHERE l.CaseId = t.CaseId AND instr(l.Body, t.Evidence) > 0)
      OR EXISTS (SELECT 1 FROM EmailMessage e WHERE e.ParentId = t.CaseId AND instr(e.TextBody, t.Evidence) > 0)))"),
            0);
  // Window rules: a violating return is past the window in the data; the article states the window.
  auto stmt = db->Prepare(R"(SELECT a.Parameter, julianday(substr(c.CreatedDate, 1, 10)) - julianday(o.EffectiveDate),
        k.FAQ_Answer__c
      FROM _truth_case t JOIN _truth_article a ON a.ArticleId = t.ViolatedArticleId
      JOIN Knowledge__kav k ON k.Id = t.ViolatedArticleId JOIN "Case" c ON c.Id = t.CaseId
      JOIN OrderItem oi ON oi.Id = c.OrderItemId__c JOIN "Order" o ON o.Id = oi.OrderId
      WHERE a.PolicyKind = 'return_window')");
  ASSERT_TRUE(stmt.ok());
  int checked = 0;
  while (*stmt->Step()) {
    ++checked;
    const int64_t window = stmt->ColumnInt(0);
    EXPECT_GT(stmt->ColumnDouble(1), static_cast<double>(window));
    EXPECT_NE(stmt->ColumnText(2).find(std::to_string(window) + " days"), std::string::npos);
  }
  EXPECT_GT(checked, 0);
}

TEST(GeneratorTest, ProductNamesShareHeadNouns) {
  auto db = testing::OpenSharedOrg();
  // Several head nouns are shared by many products, across different modifiers.
  EXPECT_GE(Count(*db, "SELECT COUNT(*) FROM (SELECT HeadNoun FROM _latent_product GROUP BY HeadNoun "
                       "HAVING COUNT(DISTINCT Modifier) >= 3)"), 20);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) - COUNT(DISTINCT Name) FROM Product2"), 0);
}

TEST(GeneratorTest, SameSeedSameBytesOtherSeedOtherBytes) {
  const std::string dir = testing::TempDir();
  auto make = [&](uint64_t seed, const std::string& name) {
    GeneratorOptions o;
    o.seed = seed;
    o.scale = 0.05;
    o.out_path = dir + "/" + name;
    Result<GenerationReport> r = GenerateOrg(o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return ReadFile(o.out_path);
  };
  const std::string a = make(11, "a.db"), b = make(11, "b.db"), c = make(12, "c.db");
  ASSERT_GT(a.size(), 100000u);
  EXPECT_TRUE(a == b) << "same seed must give identical bytes";
  EXPECT_FALSE(a == c) << "a different seed must give a different org";
}

TEST(GeneratorTest, RefusesToOverwriteAndReportsBadInput) {
  const std::string dir = testing::TempDir();
  GeneratorOptions o;
  o.scale = 0.02;
  o.out_path = dir + "/exists.db";
  { std::ofstream(o.out_path) << "precious"; }
  Result<GenerationReport> r = GenerateOrg(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("already exists"), std::string::npos);
  EXPECT_EQ(ReadFile(o.out_path), "precious");

  o.overwrite = true;
  EXPECT_TRUE(GenerateOrg(o).ok());

  o.scale = 0;
  r = GenerateOrg(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("scale must be"), std::string::npos);

  o.scale = 0.02;
  o.out_path = dir + "/no/such/dir/org.db";
  r = GenerateOrg(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_FALSE(std::filesystem::exists(o.out_path + ".partial"));
}

}  // namespace
}  // namespace crm::gen
