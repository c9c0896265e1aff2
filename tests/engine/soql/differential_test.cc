// Differential tests: seeded random SOQL over a random org, compared with
// SQL written independently here (lower()/instr()/substr() instead of the
// engine's COLLATE NOCASE, LIKE and date handling).
#include <gtest/gtest.h>
#include <unistd.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/gen/generator.h"
#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/org/store.h"
#include "engine/soql/org_session.h"

namespace crm::soql::testing {
namespace {

constexpr const char* kClock = "2024-06-15T12:00:00.000+0000";
const char* const kStatuses[] = {"New", "Working", "Escalated", "Closed"};
const char* const kPriorities[] = {"Low", "Medium", "High", ""};
const char* const kWords[] = {"zipper", "shoe", "late", "refund", "size", "torn", "Zip", "strap"};
const char* const kStates[] = {"CA", "NY", "TX", ""};

struct RandomOrg {
  std::string path;
  std::vector<std::string> users;
  bool fixed_clock = true;  // org clock 2024-06-15T12:00:00Z (relative-date atoms rely on it)
};

RandomOrg BuildRandomOrg(uint32_t seed) {
  RandomOrg org;
  // The pid keeps parallel CTest processes (one per test) off each other's file.
  org.path = ::testing::TempDir() + "soql_differential_" + std::to_string(getpid()) + "_" + std::to_string(seed) + ".db";
  std::remove(org.path.c_str());
  std::mt19937 rng(seed);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  auto db = std::move(org::Database::Open(org.path, org::Database::Mode::kReadWriteCreate)).value();
  const org::Schema& schema = org::Schema::Crm();
  EXPECT_TRUE(org::CreateOrgTables(*db, schema).ok());
  EXPECT_TRUE(db->Exec("BEGIN").ok());
  auto users = std::move(org::RowInserter::Create(*db, *schema.FindObject("User"))).value();
  for (int i = 0; i < 6; ++i) {
    org.users.push_back(org::MakeRecordId("005", static_cast<uint64_t>(i + 1)));
    users.Text("Id", org.users.back()).Text("Name", "Agent " + std::to_string(i)).Bool("IsActive", i % 3 != 0);
    EXPECT_TRUE(users.Insert().ok());
  }
  auto accounts = std::move(org::RowInserter::Create(*db, *schema.FindObject("Account"))).value();
  for (int i = 0; i < 30; ++i) {
    accounts.Text("Id", org::MakeRecordId("001", static_cast<uint64_t>(i + 1)))
        .Text("Name", "Customer " + std::to_string(i))
        .Text("ShippingState", kStates[pick(4)]);
    EXPECT_TRUE(accounts.Insert().ok());
  }
  auto cases = std::move(org::RowInserter::Create(*db, *schema.FindObject("Case"))).value();
  int64_t base = *org::ParseDateTime("2022-01-01T00:00:00Z");
  for (int i = 0; i < 500; ++i) {
    int64_t created = base + static_cast<int64_t>(rng() % (900u * 86400u));
    std::string status = kStatuses[pick(4)];
    std::string subject = std::string(kWords[pick(8)]) + " " + kWords[pick(8)];
    if (pick(3) == 0) subject[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(subject[0])));
    char number[16];
    std::snprintf(number, sizeof number, "%08d", i);
    cases.Text("Id", org::MakeRecordId("500", static_cast<uint64_t>(i + 1)))
        .Text("CaseNumber", number)
        .Text("Subject", subject)
        .Text("Status", status)
        .Text("Priority", kPriorities[pick(4)])
        .Text("OwnerId", org.users[static_cast<size_t>(pick(6))])
        .Text("AccountId", pick(5) == 0 ? "" : org::MakeRecordId("001", static_cast<uint64_t>(pick(30) + 1)))
        .Bool("IsClosed", status == "Closed")
        .Text("CreatedDate", org::FormatDateTime(created))
        .Text("ClosedDate", status == "Closed" ? org::FormatDateTime(created + pick(40) * 3600) : "");
    EXPECT_TRUE(cases.Insert().ok());
  }
  EXPECT_TRUE(db->Exec("COMMIT").ok());
  EXPECT_TRUE(org::BuildOrgIndexes(*db, schema).ok());
  org::OrgMeta meta;
  meta.clock = kClock;
  EXPECT_TRUE(org::WriteOrgMeta(*db, meta).ok());
  return org;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string RandomCase(std::mt19937& rng, const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (rng() % 2) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    else c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// One condition in SOQL and in reference SQL over table alias c.
struct Atom {
  std::string soql;
  std::string sql;
};

Atom RandomAtom(std::mt19937& rng, const RandomOrg& org) {
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  std::string status = RandomCase(rng, pick(5) == 4 ? "Pending" : kStatuses[pick(4)]);
  std::string prio = kPriorities[pick(3)];
  int kind = pick(13);
  if (!org.fixed_clock && kind >= 11) kind = pick(11);
  switch (kind) {
    case 12: {
      const char* const kPeriods[][2] = {
          {"THIS_MONTH", "substr(c.CreatedDate, 1, 7) = '2024-06'"},
          {"LAST_MONTH", "substr(c.CreatedDate, 1, 7) = '2024-05'"},
          {"THIS_YEAR", "substr(c.CreatedDate, 1, 4) = '2024'"},
          {"LAST_YEAR", "substr(c.CreatedDate, 1, 4) = '2023'"},
          {"THIS_QUARTER", "substr(c.CreatedDate, 1, 10) BETWEEN '2024-04-01' AND '2024-06-30'"},
          {"LAST_QUARTER", "substr(c.CreatedDate, 1, 10) BETWEEN '2024-01-01' AND '2024-03-31'"},
          {"LAST_N_MONTHS:3", "substr(c.CreatedDate, 1, 10) BETWEEN '2024-03-01' AND '2024-05-31'"},
          {"LAST_N_YEARS:1", "substr(c.CreatedDate, 1, 4) = '2023'"},
      };
      int k = pick(8);
      if (pick(2)) return {"CreatedDate = " + std::string(kPeriods[k][0]), kPeriods[k][1]};
      // != also keeps rows without a value; CreatedDate is never null here.
      return {"CreatedDate != " + std::string(kPeriods[k][0]), "NOT (" + std::string(kPeriods[k][1]) + ")"};
    }
    case 0: return {"Status = " + Quote(status), "lower(c.Status) = lower(" + Quote(status) + ")"};
    case 1: return {"Status != " + Quote(status), "(c.Status IS NULL OR lower(c.Status) <> lower(" + Quote(status) + "))"};
    case 2: {
      std::string other = kPriorities[pick(3)];
      return {"Priority IN (" + Quote(RandomCase(rng, prio)) + ", " + Quote(other) + ")",
              "lower(c.Priority) IN (lower(" + Quote(prio) + "), lower(" + Quote(other) + "))"};
    }
    case 3: return {"Priority NOT IN (" + Quote(prio) + ")",
                    "(c.Priority IS NOT NULL AND lower(c.Priority) <> lower(" + Quote(prio) + "))"};
    case 4: return pick(2) ? Atom{"Priority = null", "c.Priority IS NULL"} : Atom{"Priority != null", "c.Priority IS NOT NULL"};
    case 5: return pick(2) ? Atom{"IsClosed = true", "c.IsClosed = 1"} : Atom{"IsClosed = false", "c.IsClosed = 0"};
    case 6: {
      int64_t t = *org::ParseDateTime("2022-01-01T00:00:00Z") + static_cast<int64_t>(rng() % (900u * 86400u));
      int offset_hours = pick(5) - 2;
      char zone[16];
      std::snprintf(zone, sizeof zone, "%c%02d:00", offset_hours < 0 ? '-' : '+', std::abs(offset_hours));
      std::string local = org::FormatDateTimeZ(t + offset_hours * 3600);
      local.pop_back();  // drop Z
      const char* op = pick(2) ? ">" : "<=";
      return {"CreatedDate " + std::string(op) + " " + local + zone,
              "CAST(strftime('%s', substr(c.CreatedDate, 1, 19)) AS INTEGER) " + std::string(op) + " " + std::to_string(t)};
    }
    case 7: {
      std::string w = kWords[pick(8)];
      std::string lw = RandomCase(rng, w.substr(0, 3));
      if (pick(2)) {
        return {"Subject LIKE " + Quote(lw + "%"), "lower(substr(c.Subject, 1, 3)) = lower(" + Quote(lw) + ")"};
      }
      return {"Subject LIKE " + Quote("%" + lw + "%"), "instr(lower(c.Subject), lower(" + Quote(lw) + ")) > 0"};
    }
    case 8: {
      const std::string& u = org.users[static_cast<size_t>(pick(6))];
      return {"OwnerId = " + Quote(u.substr(0, 15)), "c.OwnerId = " + Quote(u)};
    }
    case 9: {
      std::string st = kStates[pick(3)];
      return {"Account.ShippingState = " + Quote(RandomCase(rng, st)),
              "c.AccountId IN (SELECT Id FROM Account WHERE lower(ShippingState) = lower(" + Quote(st) + "))"};
    }
    case 10: {
      int year = 2022 + pick(3);
      return {"CALENDAR_YEAR(CreatedDate) = " + std::to_string(year), "substr(c.CreatedDate, 1, 4) = '" + std::to_string(year) + "'"};
    }
    default: {
      int n = 1 + pick(400);
      return {"CreatedDate = LAST_N_DAYS:" + std::to_string(n),
              "(substr(c.CreatedDate, 1, 10) >= date('2024-06-15', '-" + std::to_string(n) +
                  " days') AND substr(c.CreatedDate, 1, 10) <= '2024-06-15')"};
    }
  }
}

Atom RandomCondition(std::mt19937& rng, const RandomOrg& org, int depth = 0) {
  int n = 1 + static_cast<int>(rng() % 3);
  bool use_and = rng() % 2;
  Atom out;
  for (int i = 0; i < n; ++i) {
    Atom a = depth < 1 && rng() % 4 == 0 ? RandomCondition(rng, org, depth + 1) : RandomAtom(rng, org);
    // Salesforce filters are two-valued: a comparison with null is false, and NOT of it is true.
    if (depth < 1 && rng() % 5 == 0) a = {"NOT (" + a.soql + ")", "NOT coalesce(" + a.sql + ", 0)"};
    if (n > 1 || depth > 0) a = {"(" + a.soql + ")", "(" + a.sql + ")"};
    if (i > 0) {
      out.soql += use_and ? " AND " : " OR ";
      out.sql += use_and ? " AND " : " OR ";
    }
    out.soql += a.soql;
    out.sql += a.sql;
  }
  return out;
}

std::vector<std::string> ReferenceIds(org::Database& db, const std::string& sql) {
  std::vector<std::string> ids;
  auto stmt = std::move(db.Prepare(sql)).value();
  while (*stmt.Step()) ids.push_back(stmt.ColumnText(0));
  return ids;
}

class SoqlDifferential : public ::testing::Test {
 protected:
  void SetUp() override {
    org_ = BuildRandomOrg(7);
    session_ = std::move(OrgSession::Open(org_.path)).value();
    reference_ = std::move(org::Database::Open(org_.path, org::Database::Mode::kReadOnly)).value();
  }
  void TearDown() override { std::remove(org_.path.c_str()); }
  RandomOrg org_;
  std::unique_ptr<OrgSession> session_;
  std::unique_ptr<org::Database> reference_;
};

void CheckRandomFilters(OrgSession& session, org::Database& reference, const RandomOrg& org, uint32_t seed, int n) {
  std::mt19937 rng(seed);
  for (int i = 0; i < n; ++i) {
    Atom cond = RandomCondition(rng, org);
    if (rng() % 4 == 0) {  // a semi-join, only ever ANDed (Salesforce rejects it under OR)
      bool anti = rng() % 2;
      cond = {"(" + cond.soql + ") AND OwnerId " + (anti ? "NOT IN" : "IN") + " (SELECT Id FROM User WHERE IsActive = false)",
              "(" + cond.sql + ") AND c.OwnerId " + (anti ? "NOT IN" : "IN") + " (SELECT Id FROM User WHERE IsActive = 0)"};
    }
    bool desc = rng() % 2;
    bool by_subject = rng() % 3 == 0;
    int limit = 1 + static_cast<int>(rng() % 600);
    std::string dir = desc ? " DESC" : "";
    std::string soql = "SELECT Id FROM Case WHERE " + cond.soql + " ORDER BY " + (by_subject ? "Subject" + dir + ", " : "") +
                       "CaseNumber" + dir + " LIMIT " + std::to_string(limit);
    std::string sql = "SELECT c.Id FROM \"Case\" c WHERE " + cond.sql + " ORDER BY " +
                      (by_subject ? "lower(c.Subject)" + dir + ", " : "") + "c.CaseNumber" + dir + " LIMIT " +
                      std::to_string(limit);
    Outcome<std::string> out = session.Query(soql);
    ASSERT_TRUE(out.ok()) << soql << "\n" << out.error().ToString();
    rapidjson::Document doc;
    doc.Parse(out->c_str());
    std::vector<std::string> got;
    for (const auto& r : doc["records"].GetArray()) got.push_back(r["Id"].GetString());
    ASSERT_EQ(got, ReferenceIds(reference, sql)) << soql << "\n" << sql;
    ASSERT_EQ(doc["totalSize"].GetUint64(), got.size());
  }
}

TEST_F(SoqlDifferential, RandomFiltersOrderAndLimit) { CheckRandomFilters(*session_, *reference_, org_, 20240615, 400); }

TEST_F(SoqlDifferential, RandomGroupByCounts) {
  std::mt19937 rng(99);
  for (int i = 0; i < 200; ++i) {
    Atom cond = RandomCondition(rng, org_);
    const char* group = rng() % 2 ? "Status" : "Priority";
    std::string soql = std::string("SELECT ") + group + ", COUNT(Id) n FROM Case WHERE " + cond.soql + " GROUP BY " + group;
    std::string sql = std::string("SELECT coalesce(c.") + group + ", '<null>') || '=' || COUNT(*) FROM \"Case\" c WHERE " +
                      cond.sql + " GROUP BY c." + group;
    Outcome<std::string> out = session_->Query(soql);
    ASSERT_TRUE(out.ok()) << soql << "\n" << out.error().ToString();
    rapidjson::Document doc;
    doc.Parse(out->c_str());
    std::vector<std::string> got;
    for (const auto& r : doc["records"].GetArray()) {
      const auto& key = r[group];
      got.push_back(std::string(key.IsNull() ? "<null>" : key.GetString()) + "=" + std::to_string(r["n"].GetInt()));
    }
    std::vector<std::string> want = ReferenceIds(*reference_, sql);
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    ASSERT_EQ(got, want) << soql;
    Outcome<std::string> count = session_->Query("SELECT COUNT() FROM Case WHERE " + cond.soql);
    ASSERT_TRUE(count.ok());
    doc.Parse(count->c_str());
    int64_t total = 0;
    for (const std::string& g : want) total += std::stoll(g.substr(g.find('=') + 1));
    ASSERT_EQ(doc["totalSize"].GetInt64(), total) << soql;
  }
}

TEST_F(SoqlDifferential, RandomGroupingsWithHaving) {
  struct Grouping {
    const char* soql;
    const char* key;  // JSON key of the group value
    const char* sql;  // reference expression over c
  };
  const Grouping kGroupings[] = {
      {"CALENDAR_YEAR(CreatedDate)", "expr0", "CAST(substr(c.CreatedDate, 1, 4) AS INTEGER)"},
      {"CALENDAR_MONTH(CreatedDate)", "expr0", "CAST(substr(c.CreatedDate, 6, 2) AS INTEGER)"},
      {"Account.ShippingState", "ShippingState",
       "(SELECT a.ShippingState FROM Account a WHERE a.Id = c.AccountId)"},
      {"OwnerId", "OwnerId", "c.OwnerId"},
  };
  std::mt19937 rng(5);
  for (int i = 0; i < 120; ++i) {
    const Grouping& g = kGroupings[rng() % 4];
    Atom cond = RandomCondition(rng, org_);
    int min_count = static_cast<int>(rng() % 20);
    std::string soql = std::string("SELECT ") + g.soql + ", COUNT(Id) n FROM Case WHERE " + cond.soql + " GROUP BY " +
                       g.soql + " HAVING COUNT(Id) > " + std::to_string(min_count);
    std::string sql = std::string("SELECT coalesce(") + g.sql + ", '<null>') || '=' || COUNT(*) FROM \"Case\" c WHERE " +
                      cond.sql + " GROUP BY " + g.sql + " HAVING COUNT(*) > " + std::to_string(min_count);
    Outcome<std::string> out = session_->Query(soql);
    ASSERT_TRUE(out.ok()) << soql << "\n" << out.error().ToString();
    rapidjson::Document doc;
    doc.Parse(out->c_str());
    std::vector<std::string> got;
    for (const auto& r : doc["records"].GetArray()) {
      const auto& key = r[g.key];
      std::string value = key.IsNull() ? "<null>" : key.IsString() ? key.GetString() : std::to_string(key.GetInt());
      got.push_back(value + "=" + std::to_string(r["n"].GetInt()));
    }
    std::vector<std::string> want = ReferenceIds(*reference_, sql);
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    ASSERT_EQ(got, want) << soql << "\n" << sql;
  }
}

// The same random filters over an org from the synthetic generator.
class SoqlDifferentialGenerated : public ::testing::Test {
 protected:
  void SetUp() override {
    org_.path = ::testing::TempDir() + "soql_differential_gen_" + std::to_string(getpid()) + ".db";
    org_.fixed_clock = false;
    gen::GeneratorOptions options;
    options.seed = 3;
    options.scale = 0.5;
    options.out_path = org_.path;
    options.overwrite = true;
    Result<gen::GenerationReport> report = gen::GenerateOrg(options);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    session_ = std::move(OrgSession::Open(org_.path)).value();
    reference_ = std::move(org::Database::Open(org_.path, org::Database::Mode::kReadOnly)).value();
    org_.users = ReferenceIds(*reference_, "SELECT Id FROM User ORDER BY Id");
    ASSERT_GE(org_.users.size(), 6u);
  }
  void TearDown() override { std::remove(org_.path.c_str()); }
  RandomOrg org_;
  std::unique_ptr<OrgSession> session_;
  std::unique_ptr<org::Database> reference_;
};

TEST_F(SoqlDifferentialGenerated, RandomFiltersOrderAndLimit) {
  CheckRandomFilters(*session_, *reference_, org_, 31, 300);
}

}  // namespace
}  // namespace crm::soql::testing
