// Splitting over-long queries on an IN list and merging the chunks back
// (query_split.h, query_merge.h): chunks fit and differ only in the list,
// every value lands in exactly one chunk, what cannot be merged exactly is
// refused, and on a generated org the merged chunks equal the single query's
// response byte for byte, record order included.
#include "engine/soql/query_split.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "engine/gen/generator.h"
#include "engine/org/ids.h"
#include "engine/soql/compiler.h"
#include "engine/soql/org_session.h"
#include "engine/soql/query_merge.h"

namespace crm::soql {
namespace {

std::string Join(const std::vector<std::string>& values, const std::string& sep) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : sep) + v;
  return out;
}

std::vector<std::string> Quoted(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) out.push_back("'" + v + "'");
  return out;
}

std::vector<std::string> FakeIds(const char* prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(org::MakeRecordId(prefix, 500000 + static_cast<uint64_t>(i)));
  return out;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

TEST(QuerySplit, AQueryThatFitsIsLeftAlone) {
  auto plan = PlanQuerySplit("SELECT Id FROM Case WHERE Id IN ('a', 'b')", 1000);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->split());
}

TEST(QuerySplit, EncodedLengthCountsPercentEscapes) {
  EXPECT_EQ(EncodedQueryLength("Az09-_.~"), 8u);
  EXPECT_EQ(EncodedQueryLength("a b,'c'"), 3u + 3 * 4);  // space, comma and two quotes take three bytes each
  EXPECT_EQ(EncodedQueryLength("\xc3\xa9"), 6u);          // each UTF-8 byte escaped
}

TEST(QuerySplit, ChunksFitTheBudgetAndDifferOnlyInTheList) {
  const std::vector<std::string> ids = Quoted(FakeIds("802", 400));
  const std::string head = "SELECT Id, Subject FROM Case WHERE Status != 'New' AND OrderItemId__c IN (";
  const std::string tail = ") AND Priority = 'High'";
  const std::string soql = head + Join(ids, ", ") + tail;
  const size_t budget = 3000;
  auto plan = PlanQuerySplit(soql, budget);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  ASSERT_GT(plan->chunks.size(), 3u);
  std::vector<std::string> seen;
  for (const std::string& chunk : plan->chunks) {
    EXPECT_LE(EncodedQueryLength(chunk), budget);
    ASSERT_EQ(chunk.rfind(head, 0), 0u) << chunk;  // Id is selected: nothing added
    ASSERT_TRUE(chunk.ends_with(tail)) << chunk;
    for (const std::string& v : Split(chunk.substr(head.size(), chunk.size() - head.size() - tail.size()), ',')) {
      seen.push_back(v);
    }
    EXPECT_TRUE(CompileSoql(chunk, org::Schema::Crm(), {}).ok()) << chunk;
  }
  EXPECT_EQ(seen, ids);  // each value exactly once, in list order
  EXPECT_TRUE(plan->drop.empty());
}

TEST(QuerySplit, SplitsTheLongestInListAmongTheAndConditions) {
  const std::vector<std::string> shorter = Quoted(FakeIds("001", 40));
  const std::vector<std::string> longer = Quoted(FakeIds("802", 200));
  const std::string soql = "SELECT Id FROM Case WHERE (AccountId IN (" + Join(shorter, ",") + ") AND OrderItemId__c IN (" +
                           Join(longer, ",") + "))";
  auto plan = PlanQuerySplit(soql, 3000);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  ASSERT_GT(plan->chunks.size(), 1u);
  for (const std::string& chunk : plan->chunks) {
    EXPECT_NE(chunk.find("AccountId IN (" + Join(shorter, ",") + ")"), std::string::npos);
  }
}

TEST(QuerySplit, ValuesThatMayMatchTheSameRecordShareAChunk) {
  const std::string id18 = org::MakeRecordId("001", 7);
  const std::string id15 = id18.substr(0, 15);
  std::vector<std::string> values = Quoted(FakeIds("001", 30));
  values.insert(values.begin() + 2, "'" + id18 + "'");
  values.push_back("'" + id15 + "'");
  auto plan = PlanQuerySplit("SELECT Id FROM Account WHERE Id IN (" + Join(values, ",") + ")", 200);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  ASSERT_GT(plan->chunks.size(), 5u);
  int together = 0;
  for (const std::string& chunk : plan->chunks) {
    const bool has18 = chunk.find(id18) != std::string::npos;
    const bool has15 = chunk.find("'" + id15 + "'") != std::string::npos;
    EXPECT_EQ(has18, has15) << chunk;
    together += has18 && has15;
  }
  EXPECT_EQ(together, 1);
  // Texts equal but for case (text fields compare case-insensitively).
  plan = PlanQuerySplit("SELECT Id FROM Account WHERE Name IN ('Ann Lee','bob','cy','dee','ANN LEE','eve')", 100);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  for (const std::string& chunk : plan->chunks) {
    EXPECT_EQ(chunk.find("'Ann Lee'") != std::string::npos, chunk.find("'ANN LEE'") != std::string::npos) << chunk;
  }
}

TEST(QuerySplit, ChunksSelectWhatTheMergeNeeds) {
  const std::string ids = Join(Quoted(FakeIds("500", 100)), ",");
  auto plan = PlanQuerySplit("SELECT Subject FROM Case WHERE Id IN (" + ids + ") ORDER BY Account.Name DESC", 1500);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  ASSERT_GT(plan->chunks.size(), 1u);
  EXPECT_EQ(plan->chunks[0].rfind("SELECT Subject , Account.Name, Id FROM Case WHERE Id IN (", 0), 0u) << plan->chunks[0];
  EXPECT_TRUE(CompileSoql(plan->chunks[0], org::Schema::Crm(), {}).ok());
  ASSERT_EQ(plan->drop.size(), 2u);
  EXPECT_EQ(plan->drop[0], (std::vector<std::string>{"Account"}));  // the query selects nothing else of Account
  EXPECT_EQ(plan->drop[1], (std::vector<std::string>{"Id"}));
  ASSERT_EQ(plan->order.size(), 2u);
  EXPECT_EQ(plan->order[0].path, (std::vector<std::string>{"Account", "Name"}));
  EXPECT_TRUE(plan->order[0].descending && !plan->order[0].nulls_first && plan->order[0].nocase);
  EXPECT_EQ(plan->order[1].path, (std::vector<std::string>{"Id"}));
  EXPECT_FALSE(plan->order[1].nocase);  // ids compare bytewise

  // A selected parent object keeps its selected fields; only the added one goes.
  plan = PlanQuerySplit("SELECT Id, Account.Id FROM Case WHERE Id IN (" + ids + ") ORDER BY Account.Name", 1500);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->drop.size(), 1u);
  EXPECT_EQ(plan->drop[0], (std::vector<std::string>{"Account", "Name"}));

  // Aggregates: a group key and an ORDER BY aggregate the query does not select.
  plan = PlanQuerySplit("SELECT COUNT(Id) FROM Case WHERE Id IN (" + ids + ") GROUP BY IssueId__c ORDER BY MAX(CreatedDate)",
                        1500);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  EXPECT_NE(plan->chunks[0].find(", IssueId__c splitGroup0, MAX(CreatedDate) splitOrder0 FROM Case"), std::string::npos)
      << plan->chunks[0];
  EXPECT_TRUE(CompileSoql(plan->chunks[0], org::Schema::Crm(), {}).ok());
  EXPECT_EQ(plan->drop, (std::vector<std::vector<std::string>>{{"splitGroup0"}, {"splitOrder0"}}));
  ASSERT_EQ(plan->order.size(), 2u);
  EXPECT_EQ(plan->order[0].path, (std::vector<std::string>{"splitOrder0"}));
  EXPECT_EQ(plan->order[1].path, (std::vector<std::string>{"splitGroup0"}));  // the tie break
}

TEST(QuerySplit, RefusesWhatCannotBeMergedExactly) {
  const std::string list = "(" + Join(Quoted(FakeIds("500", 100)), ",") + ")";
  const std::pair<std::string, std::string> cases[] = {
      {"SELECT Id FROM Case WHERE Id IN " + list + " LIMIT 5", "LIMIT"},
      {"SELECT Id FROM Case WHERE Id IN " + list + " OFFSET 5", "OFFSET"},
      {"SELECT Status, COUNT(Id) FROM Case WHERE Id IN " + list + " GROUP BY Status HAVING COUNT(Id) > 1", "HAVING"},
      {"SELECT COUNT() FROM Case WHERE Id IN " + list, "COUNT()"},
      {"SELECT Status, AVG(Quantity__c) FROM Case WHERE Id IN " + list + " GROUP BY Status", "AVG()"},
      {"SELECT COUNT_DISTINCT(Status) FROM Case WHERE Id IN " + list, "COUNT_DISTINCT()"},
      {"SELECT Status, COUNT(Id) FROM Case WHERE Id IN " + list + " GROUP BY ROLLUP(Status)", "ROLLUP"},
      {"SELECT Id, (SELECT Id FROM EmailMessages) FROM Case WHERE Id IN " + list, "child subquery"},
      {"SELECT Id FROM Case WHERE Id NOT IN " + list, "no IN (...) list"},
      {"SELECT Id FROM Case WHERE Status = 'New' OR Id IN " + list, "no IN (...) list"},
      {"SELECT Id FROM Case WHERE Subject = '" + std::string(3000, 'x') + "'", "no IN (...) list"},
      {"SELECT Id FROM Case WHERE Subject IN ('" + std::string(3000, 'x') + "', 'y')", "too long for one request"},
      {"SELECT Id FROM Case WHERE Id IN ('not an id', 'y')" + std::string(1500, ' '), "invalid ID field"},
      {"SELECT Id FROM Case WHERE Nope__c IN " + list, "INVALID_FIELD"},
      {"SELECT Id FROM Case WHERE Id IN " + list + " AND", "MALFORMED_QUERY"},
  };
  for (const auto& [soql, why] : cases) {
    auto plan = PlanQuerySplit(soql, 1500);
    ASSERT_FALSE(plan.ok()) << soql.substr(0, 80);
    EXPECT_EQ(plan.error().error_code, kUriTooLongCode);
    EXPECT_EQ(plan.error().http_status, 414);
    EXPECT_NE(plan.error().message.find(why), std::string::npos) << plan.error().message;
    EXPECT_NE(plan.error().message.find("bytes once URL-encoded"), std::string::npos);
  }
}

// A plan for `soql` (forced to split) and the merge of `bodies` under it.
std::string MergeFor(const std::string& soql, const std::vector<std::string>& bodies, size_t max_records = 1u << 30) {
  auto plan = PlanQuerySplit(soql, EncodedQueryLength(soql) - 1);  // just too long: split
  EXPECT_TRUE(plan.ok()) << plan.error().ToString();
  EXPECT_TRUE(plan.ok() && plan->split());
  if (!plan.ok()) return "";
  auto merged = MergeChunkResponses(*plan, bodies, max_records);
  EXPECT_TRUE(merged.ok()) << merged.error().ToString();
  return merged.ok() ? *merged : "";
}

// An IN list of four (well-formed, made-up) ids of `prefix`.
std::string FourIds(const char* prefix) { return "(" + Join(Quoted(FakeIds(prefix, 4)), ",") + ")"; }

std::string Body(const std::string& records) { return R"({"totalSize":0,"done":true,"records":[)" + records + "]}"; }

TEST(QueryMerge, RecordsComeInIdOrderOnceEachWithoutTheAddedId) {
  const std::string merged =
      MergeFor("SELECT Subject FROM Case WHERE OrderItemId__c IN " + FourIds("802"),
               {Body(R"({"attributes":{"type":"Case"},"Subject":"third","Id":"500C"},{"attributes":{"type":"Case"},"Subject":"first","Id":"500A"})"),
                Body(R"({"attributes":{"type":"Case"},"Subject":"second","Id":"500B"},{"attributes":{"type":"Case"},"Subject":"first","Id":"500A"})")});
  EXPECT_EQ(merged, R"({"totalSize":3,"done":true,"records":[{"attributes":{"type":"Case"},"Subject":"first"},)"
                    R"({"attributes":{"type":"Case"},"Subject":"second"},{"attributes":{"type":"Case"},"Subject":"third"}]})");
}

TEST(QueryMerge, OrderByKeysThenIdWithNullsAndCaseAsTheOrgSortsThem) {
  const std::string merged = MergeFor(
      "SELECT Id, Name, UnitPrice FROM PricebookEntry WHERE Product2Id IN " + FourIds("01t") + " ORDER BY Name DESC NULLS LAST",
      {Body(R"({"Id":"01uD","Name":null,"UnitPrice":1.5},{"Id":"01uB","Name":"b","UnitPrice":2})"),
       Body(R"({"Id":"01uC","Name":"a","UnitPrice":786000.0},{"Id":"01uA","Name":"B","UnitPrice":null})")});
  // "b" and "B" tie without case: Id breaks the tie; the null comes last; numbers keep their text.
  EXPECT_EQ(merged, R"({"totalSize":4,"done":true,"records":[{"Id":"01uA","Name":"B","UnitPrice":null},)"
                    R"({"Id":"01uB","Name":"b","UnitPrice":2},{"Id":"01uC","Name":"a","UnitPrice":786000.0},)"
                    R"({"Id":"01uD","Name":null,"UnitPrice":1.5}]})");
}

TEST(QueryMerge, GroupsAddUpAndTiesFollowTheGroupKeys) {
  const std::string a = R"("attributes":{"type":"AggregateResult"})";
  const std::string merged = MergeFor(
      "SELECT IssueId__c, COUNT(Id) n FROM Case WHERE OrderItemId__c IN " + FourIds("802") + " GROUP BY IssueId__c "
      "ORDER BY COUNT(Id) DESC",
      {Body("{" + a + R"(,"IssueId__c":"a02","n":1},{)" + a + R"(,"IssueId__c":"a01","n":2},{)" + a +
            R"(,"IssueId__c":"a04","n":1})"),
       Body("{" + a + R"(,"IssueId__c":"a03","n":2},{)" + a + R"(,"IssueId__c":"a02","n":1},{)" + a +
            R"(,"IssueId__c":null,"n":2})")});
  // Every group has 2 but a04: the tie is broken by the group key, nulls first.
  EXPECT_EQ(merged, R"({"totalSize":5,"done":true,"records":[{)" + a + R"(,"IssueId__c":null,"n":2},{)" + a +
                        R"(,"IssueId__c":"a01","n":2},{)" + a + R"(,"IssueId__c":"a02","n":2},{)" + a +
                        R"(,"IssueId__c":"a03","n":2},{)" + a + R"(,"IssueId__c":"a04","n":1}]})");
}

TEST(QueryMerge, SumMinAndMaxCombineAndIgnoreNulls) {
  const std::string merged = MergeFor(
      "SELECT Product2Id, SUM(Quantity) q, MIN(UnitPrice) lo, MAX(CreatedDate) last FROM OrderItem "
      "WHERE Id IN " + FourIds("802") + " GROUP BY Product2Id",
      {Body(R"({"Product2Id":"01tA","q":2.0,"lo":null,"last":"2021-01-01T00:00:00.000+0000"})"),
       Body(R"({"Product2Id":"01tA","q":1.5,"lo":25.5,"last":"2022-03-01T00:00:00.000+0000"},)"
            R"({"Product2Id":"01tB","q":null,"lo":3,"last":null})"),
       Body(R"({"Product2Id":"01tA","q":null,"lo":20.25,"last":"2020-12-31T00:00:00.000+0000"})")});
  EXPECT_EQ(merged, R"({"totalSize":2,"done":true,"records":[)"
                    R"({"Product2Id":"01tA","q":3.5,"lo":20.25,"last":"2022-03-01T00:00:00.000+0000"},)"
                    R"({"Product2Id":"01tB","q":null,"lo":3,"last":null}]})");
}

TEST(QueryMerge, AvgIsRefusedBeforeAnythingIsSent) {
  auto plan = PlanQuerySplit("SELECT Product2Id, AVG(UnitPrice) FROM OrderItem WHERE Id IN " + FourIds("802") + " GROUP BY Product2Id", 60);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.error().message.find("AVG()"), std::string::npos);
}

TEST(QueryMerge, AFirstBatchKeepsTheFullCountAndSaysItIsNotDone) {
  const std::string merged = MergeFor("SELECT Id FROM Case WHERE OrderItemId__c IN " + FourIds("802"),
                                      {Body(R"({"Id":"500C"},{"Id":"500A"})"), Body(R"({"Id":"500B"})")}, 2);
  EXPECT_EQ(merged, R"({"totalSize":3,"done":false,"records":[{"Id":"500A"},{"Id":"500B"}]})");
}

TEST(QueryMerge, ABodyThatIsNotAQueryResultIsAnError) {
  const std::string soql = "SELECT Id FROM Case WHERE OrderItemId__c IN " + FourIds("802");
  auto plan = PlanQuerySplit(soql, EncodedQueryLength(soql) - 1);
  ASSERT_TRUE(plan.ok() && plan->split());
  for (std::string bad : {"[]", "{\"records\":3}", "not json", "{\"records\":[1]}"}) {
    auto merged = MergeChunkResponses(*plan, {Body(""), bad});
    ASSERT_FALSE(merged.ok()) << bad;
    EXPECT_EQ(merged.error().error_code, "UNKNOWN_EXCEPTION");
  }
}

// On a generated org: each chunk run on the local org, merged, equals the
// single query's response.
class SplitOnGeneratedOrg : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new std::string(::testing::TempDir() + "query_split_gen_" + std::to_string(getpid()) + ".db");
    gen::GeneratorOptions options;
    options.seed = 11;
    options.scale = 0.3;
    options.out_path = *path_;
    options.overwrite = true;
    ASSERT_TRUE(gen::GenerateOrg(options).ok());
  }
  static void TearDownTestSuite() {
    std::remove(path_->c_str());
    delete path_;
  }
  void SetUp() override { session_ = std::move(OrgSession::Open(*path_)).value(); }

  // Every record of the query, all batches in one body (as a client that follows nextRecordsUrl).
  std::string AllPages(const std::string& soql) {
    auto first = session_->Query(soql);
    EXPECT_TRUE(first.ok()) << first.error().ToString() << "\n" << soql.substr(0, 200);
    if (!first.ok()) return "";
    rapidjson::Document doc;
    doc.Parse(first->c_str());
    std::string records = (*first).substr((*first).find("\"records\":[") + 11);
    records.pop_back();  // }
    records.pop_back();  // ]
    while (doc.HasMember("nextRecordsUrl")) {
      auto more = session_->QueryMore(doc["nextRecordsUrl"].GetString());
      EXPECT_TRUE(more.ok());
      if (!more.ok()) return "";
      doc.Parse(more->c_str());
      std::string page = (*more).substr((*more).find("\"records\":[") + 11);
      page.resize(page.size() - 2);
      if (!page.empty()) records += (records.empty() ? "" : ",") + page;
    }
    return "{\"totalSize\":" + std::to_string(doc["totalSize"].GetInt64()) + ",\"done\":true,\"records\":[" + records + "]}";
  }

  std::vector<std::string> Column(const std::string& soql, const char* key) {
    rapidjson::Document doc;
    std::string body = AllPages(soql);
    doc.Parse(body.c_str());
    std::vector<std::string> out;
    for (const auto& r : doc["records"].GetArray()) {
      if (r[key].IsString()) out.push_back(r[key].GetString());
    }
    return out;
  }

  void ExpectSplitEqualsSingle(const std::string& soql, size_t budget) {
    auto plan = PlanQuerySplit(soql, budget);
    ASSERT_TRUE(plan.ok()) << plan.error().ToString();
    ASSERT_GT(plan->chunks.size(), 1u) << soql.substr(0, 120);
    std::vector<std::string> bodies;
    for (const std::string& chunk : plan->chunks) {
      EXPECT_LE(EncodedQueryLength(chunk), budget);
      bodies.push_back(AllPages(chunk));
    }
    auto merged = MergeChunkResponses(*plan, bodies);
    ASSERT_TRUE(merged.ok()) << merged.error().ToString();
    const std::string single = AllPages(soql);
    EXPECT_GT(single.size(), 60u) << "the query found nothing: " << soql.substr(0, 120);
    EXPECT_EQ(*merged, single) << soql.substr(0, 160);
  }

  static std::string* path_;
  std::unique_ptr<OrgSession> session_;
};
std::string* SplitOnGeneratedOrg::path_ = nullptr;

TEST_F(SplitOnGeneratedOrg, RecordsWithoutOrderByComeInIdOrder) {
  std::vector<std::string> ids = Column("SELECT Id FROM Case WHERE Priority != null", "Id");
  ASSERT_GT(ids.size(), 50u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  ids = Column("SELECT Id, Name FROM Account", "Id");
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST_F(SplitOnGeneratedOrg, MergedChunksEqualTheSingleQuery) {
  const std::string items = Join(Quoted(Column("SELECT OrderItemId__c FROM Case", "OrderItemId__c")), ",");
  const std::string cases = Join(Quoted(Column("SELECT Id FROM Case", "Id")), ", ");
  std::vector<std::string> accounts = Column("SELECT Id FROM Account", "Id");
  std::reverse(accounts.begin(), accounts.end());  // the list's order is not the answer's
  const std::string account_list = Join(Quoted(accounts), ",");
  const std::string queries[] = {
      "SELECT OwnerId, CreatedDate, ClosedDate, AccountId FROM Case WHERE OrderItemId__c IN (" + items + ")",
      "SELECT IssueId__c, COUNT(Id) IssueCount FROM Case WHERE OrderItemId__c IN (" + items +
          ") AND CreatedDate >= 2020-01-01T00:00:00Z AND CreatedDate <= 2025-06-30T00:00:00Z GROUP BY IssueId__c "
          "ORDER BY COUNT(Id) DESC",
      "SELECT Id, ShippingState FROM Account WHERE Id IN (" + account_list + ")",
      "SELECT Subject, Priority FROM Case WHERE Id IN (" + cases + ") ORDER BY Priority DESC NULLS LAST, Account.Name",
      "SELECT Status, MIN(CreatedDate) first, MAX(ClosedDate) last, COUNT(Id) FROM Case WHERE Id IN (" + cases +
          ") GROUP BY Status ORDER BY Status",
      "SELECT COUNT(Id) n FROM Case WHERE Id IN (" + cases + ") GROUP BY OwnerId ORDER BY COUNT(Id)",
      "SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) n FROM Case WHERE Id IN (" + cases +
          ") GROUP BY CALENDAR_MONTH(CreatedDate) ORDER BY COUNT(Id) DESC",
      "SELECT SUM(Quantity) q, MAX(UnitPrice) top, COUNT(Id) FROM OrderItem WHERE Id IN (" + items + ")",
      "SELECT Account.ShippingState, Id FROM Case WHERE Id IN (" + cases + ") ORDER BY Account.ShippingState",
  };
  for (const std::string& soql : queries) ExpectSplitEqualsSingle(soql, 4000);
}

}  // namespace
}  // namespace crm::soql
