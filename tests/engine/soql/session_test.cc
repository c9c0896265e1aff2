// Pagination, cursors, COUNT(), limits and the safety rules of the org
// connection (read-only, authorizer, timeout).
#include "engine/soql/org_session.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <rapidjson/document.h>
#include <sqlite3.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "engine/org/ids.h"
#include "engine/org/store.h"
#include "engine/soql/compiler.h"
#include "tests/engine/soql/fixture_org.h"

namespace crm::soql::testing {
namespace {

// The fixture org plus `extra` Issue__c rows (Issue-00001 ...).
std::unique_ptr<OrgSession> SessionWithIssues(int extra, std::shared_ptr<CursorStore> store = nullptr) {
  std::unique_ptr<org::Database> db = MakeFixtureDatabase();
  const org::SObject& issue = *org::Schema::Crm().FindObject("Issue__c");
  EXPECT_TRUE(db->Exec("BEGIN").ok());
  Result<org::RowInserter> ins = org::RowInserter::Create(*db, issue);
  EXPECT_TRUE(ins.ok());
  for (int i = 0; i < extra; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "Issue-%05d", i);
    ins->Text("Id", org::MakeRecordId("a00", static_cast<uint64_t>(1000 + i)))
        .Text("Name", name)
        .Text("CreatedDate", "2022-01-01T00:00:00.000+0000");
    EXPECT_TRUE(ins->Insert().ok());
  }
  EXPECT_TRUE(db->Exec("COMMIT").ok());
  Result<std::unique_ptr<OrgConnection>> conn = OrgConnection::Wrap(std::move(db));
  EXPECT_TRUE(conn.ok());
  return std::make_unique<OrgSession>(std::move(conn).value(), org::Schema::Crm(), std::move(store));
}

rapidjson::Document Parse(const Outcome<std::string>& out) {
  rapidjson::Document doc;
  EXPECT_TRUE(out.ok()) << out.error().ToString();
  if (out.ok()) doc.Parse(out->c_str());
  return doc;
}

TEST(SoqlSession, PaginatesInBatchesOf2000) {
  auto session = SessionWithIssues(4500);  // 4,503 rows
  rapidjson::Document first = Parse(session->Query("SELECT Id, Name FROM Issue__c ORDER BY Name"));
  EXPECT_EQ(first["totalSize"].GetInt(), 4503);
  EXPECT_FALSE(first["done"].GetBool());
  EXPECT_EQ(first["records"].Size(), 2000u);
  std::string next = first["nextRecordsUrl"].GetString();
  EXPECT_EQ(next.rfind("/services/data/v58.0/query/01g", 0), 0u) << next;
  EXPECT_EQ(next.substr(next.size() - 5), "-2000");

  rapidjson::Document second = Parse(session->QueryMore(next));
  EXPECT_EQ(second["records"].Size(), 2000u);
  EXPECT_EQ(second["totalSize"].GetInt(), 4503);
  EXPECT_STREQ(second["records"][0]["Name"].GetString(), "Issue-01999");  // "Broken Zipper" sorts first
  std::string locator = second["nextRecordsUrl"].GetString();
  locator = locator.substr(locator.rfind('/') + 1);
  rapidjson::Document third = Parse(session->QueryMore(locator));  // a bare locator works too
  EXPECT_EQ(third["records"].Size(), 503u);
  EXPECT_TRUE(third["done"].GetBool());
  EXPECT_FALSE(third.HasMember("nextRecordsUrl"));
}

TEST(SoqlSession, PaginationRespectsLimitAndBatchSize) {
  auto session = SessionWithIssues(3000);
  QueryOptions options;
  options.batch_size = 500;
  options.api_version = "61.0";
  rapidjson::Document first = Parse(session->Query("SELECT Id FROM Issue__c LIMIT 700", options));
  EXPECT_EQ(first["totalSize"].GetInt(), 700);
  EXPECT_EQ(first["records"].Size(), 500u);
  std::string next = first["nextRecordsUrl"].GetString();
  EXPECT_EQ(next.rfind("/services/data/v61.0/query/", 0), 0u);
  rapidjson::Document second = Parse(session->QueryMore(next, options));
  EXPECT_EQ(second["records"].Size(), 200u);
  EXPECT_TRUE(second["done"].GetBool());
  options.batch_size = 10;  // clamped to 200
  EXPECT_EQ(Parse(session->Query("SELECT Id FROM Issue__c", options))["records"].Size(), 200u);
}

TEST(SoqlSession, CursorsAreSharedAcrossSessions) {
  auto store = std::make_shared<CursorStore>();
  auto a = SessionWithIssues(2500, store);
  auto b = SessionWithIssues(2500, store);
  rapidjson::Document first = Parse(a->Query("SELECT Id FROM Issue__c"));
  rapidjson::Document second = Parse(b->QueryMore(first["nextRecordsUrl"].GetString()));
  EXPECT_EQ(second["records"].Size(), 503u);
  EXPECT_TRUE(second["done"].GetBool());
}

// One session per thread over the same file, with a shared cursor store.
TEST(SoqlSession, OneSessionPerThreadOnTheSameFile) {
  std::string path = ::testing::TempDir() + "soql_threads_test.db";
  std::remove(path.c_str());
  {
    std::unique_ptr<org::Database> mem = MakeFixtureDatabase();
    ASSERT_TRUE(mem->Exec("VACUUM INTO '" + path + "'").ok());
  }
  auto store = std::make_shared<CursorStore>();
  const std::string soql = "SELECT Subject, Account.Name, (SELECT Id FROM EmailMessages) FROM Case ORDER BY Subject";
  std::string expected = *std::move(OrgSession::Open(path, store)).value()->Query(soql);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto session = std::move(OrgSession::Open(path, store)).value();
      for (int i = 0; i < 200; ++i) {
        Outcome<std::string> out = i % 2 ? session->Query(soql) : session->Search("FIND {zipper} RETURNING Case(Id)");
        if (!out.ok() || (i % 2 && *out != expected)) ++mismatches;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  std::remove(path.c_str());
}

TEST(SoqlSession, OrgFilesAreReadThroughAMemoryMap) {
  std::string path = ::testing::TempDir() + "soql_mmap_test.db";
  std::remove(path.c_str());
  {
    std::unique_ptr<org::Database> mem = MakeFixtureDatabase();
    ASSERT_TRUE(mem->Exec("VACUUM INTO '" + path + "'").ok());
  }
  auto session = std::move(OrgSession::Open(path)).value();
  sqlite3_int64 limit = -1;  // -1 asks for the current limit without changing it
  ASSERT_EQ(sqlite3_file_control(session->connection().db().raw(), "main", SQLITE_FCNTL_MMAP_SIZE, &limit), SQLITE_OK);
  EXPECT_GE(limit, sqlite3_int64{1} << 30);
  EXPECT_TRUE(session->Query("SELECT Id FROM Case").ok());
  std::remove(path.c_str());
}

TEST(SoqlSession, UnknownLocatorIsInvalidQueryLocator) {
  auto session = MakeFixtureSession();
  for (const char* locator : {"01gXXXXXXXXXXXXXXX-2000", "garbage", "", "/services/data/v58.0/query/abc-x"}) {
    Outcome<std::string> out = session->QueryMore(locator);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().error_code, "INVALID_QUERY_LOCATOR");
  }
}

TEST(SoqlSession, AggregateBeyond2000RowsIsAnError) {
  auto session = SessionWithIssues(2500);
  Outcome<std::string> out = session->Query("SELECT Name, COUNT(Id) FROM Issue__c GROUP BY Name");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("does not support queryMore()"), std::string::npos);
  EXPECT_TRUE(session->Query("SELECT Name, COUNT(Id) FROM Issue__c GROUP BY Name LIMIT 2000").ok());
}

TEST(SoqlSession, CountIsTotalSizeWithoutRecords) {
  auto session = SessionWithIssues(2500);
  EXPECT_EQ(*session->Query("SELECT COUNT() FROM Issue__c"), "{\"totalSize\":2503,\"done\":true,\"records\":[]}");
}

TEST(SoqlSession, ByteCapEndsABatchEarlyAndPagingContinues) {
  auto session = SessionWithIssues(1000);
  QueryOptions options;
  options.max_batch_bytes = 10000;
  rapidjson::Document first = Parse(session->Query("SELECT Id, Name FROM Issue__c ORDER BY Name", options));
  EXPECT_EQ(first["totalSize"].GetInt(), 1003);
  EXPECT_FALSE(first["done"].GetBool());
  size_t got = first["records"].Size();
  EXPECT_LT(got, 200u);
  rapidjson::Document second = Parse(session->QueryMore(first["nextRecordsUrl"].GetString(), options));
  EXPECT_STREQ(second["records"][0]["Name"].GetString(),
               ("Issue-" + std::string(5 - std::to_string(got - 1).size(), '0') + std::to_string(got - 1)).c_str());
}

TEST(SoqlSession, TimeoutIsQueryTimeout) {
  auto session = SessionWithIssues(20000);
  QueryOptions options;
  options.timeout = std::chrono::milliseconds(0);
  Outcome<std::string> out =
      session->Query("SELECT COUNT() FROM Issue__c WHERE Name LIKE '%x%' OR Description__c LIKE '%y%'", options);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().error_code, "QUERY_TIMEOUT");
  EXPECT_EQ(out.error().message, "Your query request was running for too long.");
  EXPECT_TRUE(session->Query("SELECT COUNT() FROM Issue__c").ok());  // the next query has a fresh budget
}

TEST(SoqlSafety, AuthorizerRefusesWritesAndHiddenTables) {
  auto session = MakeFixtureSession();
  org::Database& db = session->connection().db();
  EXPECT_FALSE(db.Prepare("SELECT * FROM _org_meta").ok());
  EXPECT_FALSE(db.Prepare("SELECT * FROM sqlite_master").ok());
  EXPECT_FALSE(db.Prepare("INSERT INTO Issue__c(Id) VALUES('x')").ok());
  EXPECT_FALSE(db.Prepare("DELETE FROM \"Case\"").ok());
  EXPECT_FALSE(db.Prepare("UPDATE \"Case\" SET Subject = 'x'").ok());
  EXPECT_FALSE(db.Prepare("DROP TABLE \"Case\"").ok());
  EXPECT_FALSE(db.Prepare("ATTACH DATABASE ':memory:' AS x").ok());
  EXPECT_FALSE(db.Prepare("PRAGMA writable_schema = 1").ok());
  EXPECT_FALSE(db.Prepare("SELECT load_extension('x')").ok());
  EXPECT_FALSE(db.Prepare("SELECT readfile('/etc/passwd')").ok());
  EXPECT_TRUE(db.Prepare("SELECT Id FROM \"Case\"").ok());
  // Full-text search still works under the authorizer.
  EXPECT_TRUE(session->Search("FIND {zipper} RETURNING Case(Id)").ok());
}

TEST(SoqlSafety, GroundTruthTablesAreNotSObjects) {
  auto session = MakeFixtureSession();
  Outcome<std::string> out = session->Query("SELECT key FROM _org_meta");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().error_code, "INVALID_TYPE");
  out = session->Query("SELECT Id FROM org_meta");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().error_code, "INVALID_TYPE");
}

TEST(SoqlSafety, LiteralsNeverReachTheSqlText) {
  const char* hostile = "x' OR 1=1; DROP TABLE \"Case\"; --";
  auto session = MakeFixtureSession();
  std::string soql = std::string("SELECT Id FROM Case WHERE Subject = '") + "x\\' OR 1=1; DROP TABLE \\\"Case\\\"; --'";
  Outcome<std::string> out = session->Query(soql);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(*out, "{\"totalSize\":0,\"done\":true,\"records\":[]}");
  Outcome<SqlQuery> q = CompileSoql(soql, org::Schema::Crm(), BindOptions{});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->PageSql().find("DROP"), std::string::npos);
  ASSERT_EQ(q->params.size(), 1u);
  EXPECT_EQ(std::get<std::string>(q->params[0]), hostile);
}

TEST(SoqlSession, ReadOnlyFileConnection) {
  std::string path = ::testing::TempDir() + "soql_session_test_" + std::to_string(getpid()) + ".db";
  std::remove(path.c_str());
  {
    Result<std::unique_ptr<org::Database>> db = org::Database::Open(path, org::Database::Mode::kReadWriteCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(org::CreateOrgTables(**db, org::Schema::Crm()).ok());
    ASSERT_TRUE(org::BuildOrgIndexes(**db, org::Schema::Crm()).ok());
    org::OrgMeta meta;
    meta.clock = kFixtureClock;
    ASSERT_TRUE(org::WriteOrgMeta(**db, meta).ok());
  }
  Result<std::unique_ptr<OrgSession>> session = OrgSession::Open(path);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(*(*session)->Query("SELECT COUNT() FROM Case"), "{\"totalSize\":0,\"done\":true,\"records\":[]}");
  EXPECT_FALSE((*session)->connection().db().Exec("CREATE TABLE t(x)").ok());
  // The full-text tables connect before the authorizer is installed.
  EXPECT_EQ(*(*session)->Search("FIND {zipper} RETURNING Case(Id), Product2(Id)"), "{\"searchRecords\":[]}");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace crm::soql::testing
