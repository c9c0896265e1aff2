// `org pull` against `serve org` in-process, over real sockets: a generated
// org served with latency, sessions that expire every few calls and a page
// size that forces queryMore comes back equal row for row; SOQL and SOSL
// give equal results on both files; the task generator computes the same
// ground truth (reference solvers) on both; a pull stopped part-way and resumed equals an
// uninterrupted one; an object with types the generated org lacks (percent,
// long, multipicklist, time) is pulled and SOQL can query it (INCLUDES /
// EXCLUDES); describe fields the store cannot hold are skipped with a reason.
#include "scheduler/pull/org_pull.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "engine/gen/generator.h"
#include "engine/org/describe_import.h"
#include "engine/org/schema_store.h"
#include "engine/org/sqlite.h"
#include "engine/org/store.h"
#include "engine/soql/org_session.h"
#include "engine/org/datetime.h"
#include "engine/tasks/gen/periods.h"
#include "engine/tasks/gen/solvers.h"
#include "io/http/http_client.h"
#include "io/runtime.h"
#include "io/salesforce/sf_client.h"
#include "scheduler/servers/org_api_server.h"

namespace crm::sched {
namespace {

namespace fs = std::filesystem;

std::string WorkDir() {
  static const std::string dir = [] {
    std::string d = (fs::temp_directory_path() / ("crm_pull_test_" + std::to_string(::getpid()))).string();
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// A generated org with one more object of unusual types, made once.
const std::string& SourceOrg() {
  static const std::string path = [] {
    std::string p = WorkDir() + "/source.db";
    gen::GeneratorOptions g;
    g.seed = 7;
    g.scale = 0.1;
    g.out_path = p;
    EXPECT_TRUE(gen::GenerateOrg(g).ok());
    auto db = org::Database::Open(p, org::Database::Mode::kReadWriteCreate);
    EXPECT_TRUE(db.ok());
    auto schema = org::ReadOrgSchema(**db);
    EXPECT_TRUE(schema.ok());
    std::vector<org::SObject> objects = (*schema)->objects();
    for (auto& o : objects) o.child_relationships.clear();
    org::SObject gadget{"Gadget__c", "Gadget", "a0G", "A test object with the types a real org may have", {}, {}};
    auto field = [](std::string name, org::FieldType type) {
      org::Field f;
      f.name = std::move(name);
      f.type = type;
      f.description = "test field";
      return f;
    };
    gadget.fields = {field("Id", org::FieldType::kId), field("Name", org::FieldType::kString),
                     field("Share__c", org::FieldType::kPercent), field("Colors__c", org::FieldType::kMultiPicklist),
                     field("Visits__c", org::FieldType::kLong), field("Opens__c", org::FieldType::kTime)};
    gadget.fields[0].nillable = false;
    gadget.fields[3].picklist_values = {"Red", "Green", "Blue"};
    objects.push_back(gadget);
    EXPECT_TRUE((*db)->Exec("CREATE TABLE \"Gadget__c\" (Id TEXT PRIMARY KEY NOT NULL, Name TEXT, Share__c REAL, "
                            "Colors__c TEXT, Visits__c INTEGER, Opens__c TEXT);"
                            "INSERT INTO Gadget__c VALUES ('a0G000000000001AAA', 'One', 12.5, 'Red;Blue', 9000000000, '08:30:00.000Z'),"
                            "('a0G000000000002AAA', 'Two', 50, 'Green', 3, NULL),"
                            "('a0G000000000003AAA', 'Three', NULL, NULL, NULL, NULL);")
                    .ok());
    EXPECT_TRUE(org::WriteOrgSchema(**db, org::Schema(objects)).ok());
    return p;
  }();
  return path;
}

std::string Clock(const std::string& path) {
  auto db = org::Database::Open(path, org::Database::Mode::kReadOnly);
  return org::ReadOrgMeta(**db)->clock;
}

class PullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    servers::OrgApiOptions options;
    options.org_path = SourceOrg();
    options.username = "pull@test";
    options.password = "pw";
    options.security_token = "TOK";
    options.latency = std::chrono::milliseconds(1);
    options.session_max_calls = 25;  // sessions expire every 25 calls: the client logs in again
    options.page_size = 200;         // most objects take several pages
    auto server = servers::OrgApiServer::Create(options);
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(server).value();
    io::ServerOptions so;
    so.threads = 2;
    ASSERT_TRUE(server_->Start(so).ok());
    http_ = std::make_unique<io::HttpClient>(runtime_, io::ClientOptions{});
    io::salesforce::SalesforceConfig c;
    c.login_url = server_->BaseUrl();
    c.api_version = "58.0";
    c.username = "pull@test";
    c.password = "pw";
    c.security_token = "TOK";
    client_ = std::make_unique<io::salesforce::SalesforceClient>(*http_, c);
  }
  void TearDown() override {
    client_.reset();
    http_.reset();
    if (server_) server_->Stop();
  }

  PullOptions Options(const std::string& name) {
    PullOptions o;
    o.out_path = WorkDir() + "/" + name;
    fs::remove(o.out_path);
    o.clock = Clock(SourceOrg());
    o.api_share = 1.0;
    return o;
  }

  io::IoRuntime runtime_{1};
  std::unique_ptr<servers::OrgApiServer> server_;
  std::unique_ptr<io::HttpClient> http_;
  std::unique_ptr<io::salesforce::SalesforceClient> client_;
};

// Every row of every object as text, in Id order.
std::string Dump(const std::string& path) {
  auto db = org::Database::Open(path, org::Database::Mode::kReadOnly);
  EXPECT_TRUE(db.ok());
  auto schema = org::ReadOrgSchema(**db);
  std::string out;
  for (const org::SObject& o : (*schema)->objects()) {
    auto rows = (*db)->Prepare("SELECT * FROM " + org::QuoteIdent(o.name) + " ORDER BY Id");
    EXPECT_TRUE(rows.ok());
    out += "## " + o.name + "\n";
    while (*rows->Step()) {
      for (int i = 0; i < rows->ColumnCount(); ++i) {
        out += rows->ColumnIsNull(i) ? std::string("<null>") : rows->ColumnText(i);
        out += '|';
      }
      out += '\n';
    }
  }
  return out;
}

std::string RunQuery(const std::string& path, const std::string& text) {
  auto session = soql::OrgSession::Open(path);
  EXPECT_TRUE(session.ok()) << session.status().message();
  auto out = (*session)->Execute(text);
  return out.ok() ? out.value() : "error: " + out.error().ToString();
}

TEST_F(PullTest, RoundTripEqualsTheSourceRowForRowAndQueryForQuery) {
  PullOptions o = Options("round_trip.db");
  auto report = PullOrg(*client_, o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->complete);
  EXPECT_GT(report->pages, 50);               // the page size forced queryMore
  EXPECT_GT(client_->logins(), 3);            // and sessions expired on the way
  const std::string source = Dump(SourceOrg()), pulled = Dump(o.out_path);
  EXPECT_GT(source.size(), 100000u);
  EXPECT_EQ(source, pulled);

  for (const char* q : {
           "SELECT Id, Subject, Status, Account.Name FROM Case ORDER BY CreatedDate DESC LIMIT 20",
           "SELECT AccountId, COUNT(Id) n FROM Case GROUP BY AccountId ORDER BY COUNT(Id) DESC, AccountId LIMIT 5",
           "SELECT Id, Name, (SELECT Id, Subject FROM Cases) FROM Account ORDER BY Name LIMIT 5",
           "SELECT COUNT() FROM Case WHERE CreatedDate = LAST_N_DAYS:90",
           "SELECT Id FROM Order WHERE Status = 'Activated' AND EffectiveDate > 2020-01-01 ORDER BY Id LIMIT 10",
           "SELECT Id, Name FROM Gadget__c WHERE Colors__c INCLUDES ('Blue') ORDER BY Id",
           "FIND {shipping} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title)",
       }) {
    const std::string a = RunQuery(SourceOrg(), q), b = RunQuery(o.out_path, q);
    EXPECT_EQ(a, b) << q;
    EXPECT_EQ(a.find("error"), std::string::npos) << q << ": " << a;
  }

  // The reference solvers compute the same ground truth on the snapshot
  // (the task generator itself needs the generated org's side tables).
  auto src = org::Database::Open(SourceOrg(), org::Database::Mode::kReadOnly);
  auto dst = org::Database::Open(o.out_path, org::Database::Mode::kReadOnly);
  const taskgen::Period span{*org::ParseDate("2019-01-01") * org::kSecondsPerDay,
                            *org::ParseDate("2027-01-01") * org::kSecondsPerDay};
  auto product = (*src)->Prepare("SELECT oi.Product2Id FROM \"Case\" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c GROUP BY oi.Product2Id ORDER BY COUNT(*) DESC, oi.Product2Id LIMIT 1");
  ASSERT_TRUE(product.ok() && *product->Step());
  const std::string product_id = product->ColumnText(0);
  auto answers = [&](org::Database& db) {
    std::string out;
    auto add = [&](const Result<std::vector<std::string>>& r) {
      out += r.ok() ? "[" : "error:" + r.status().message();
      if (r.ok()) for (const std::string& v : *r) out += v + ",";
      out += "]";
    };
    add(taskgen::SolveHandleTime(db, span, 1, true));
    add(taskgen::SolveTransferCount(db, span, 1, false));
    add(taskgen::SolveBestRegion(db, span));
    add(taskgen::SolveTopIssue(db, product_id, span));
    auto counts = taskgen::HandledCaseCounts(db, span);
    if (counts.ok()) for (const auto& [k, v] : *counts) out += k + "=" + std::to_string(v) + ";";
    return out;
  };
  const std::string truth = answers(**src);
  EXPECT_EQ(truth.find("error"), std::string::npos) << truth;
  EXPECT_GT(truth.size(), 100u);
  EXPECT_EQ(truth, answers(**dst));

  // Provenance, and never a credential.
  auto meta = org::ReadOrgMeta(**dst);
  ASSERT_TRUE(meta.ok());
  EXPECT_TRUE(meta->pulled);
  EXPECT_EQ(meta->clock, o.clock);
  auto bytes = (*dst)->Prepare("SELECT group_concat(key || '=' || value, ';') FROM _org_meta");
  ASSERT_TRUE(bytes.ok() && *bytes->Step());
  const std::string all = bytes->ColumnText(0);
  EXPECT_NE(all.find("login_host=127.0.0.1"), std::string::npos) << all;
  EXPECT_NE(all.find("rows.Case="), std::string::npos);
  EXPECT_EQ(all.find("pw"), std::string::npos);
  EXPECT_EQ(all.find("TOK"), std::string::npos);
}

TEST_F(PullTest, AStoppedPullResumedEqualsAnUninterruptedOne) {
  PullOptions whole = Options("whole.db");
  ASSERT_TRUE(PullOrg(*client_, whole).ok());
  PullOptions part = Options("part.db");
  part.stop_after_pages = 23;  // in the middle of an object
  auto first = PullOrg(*client_, part);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_FALSE(first->complete);
  EXPECT_EQ(first->pages, 23);
  EXPECT_NE(Dump(part.out_path), Dump(whole.out_path));
  EXPECT_FALSE(PullOrg(*client_, part).ok());  // not over an unfinished file without --resume
  part.stop_after_pages = 0;
  part.resume = true;
  auto rest = PullOrg(*client_, part);
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_TRUE(rest->complete);
  EXPECT_EQ(Dump(part.out_path), Dump(whole.out_path));
  EXPECT_EQ(RunQuery(part.out_path, "SELECT COUNT() FROM PricebookEntry"), RunQuery(whole.out_path, "SELECT COUNT() FROM PricebookEntry"));
  auto again = PullOrg(*client_, part);  // a finished snapshot is not resumed
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("finished"), std::string::npos);
}

TEST_F(PullTest, UnusualTypesArePulledAndQueryable) {
  PullOptions o = Options("gadget.db");
  o.objects = {"Account", "Gadget__c"};
  auto report = PullOrg(*client_, o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  const std::string includes = RunQuery(o.out_path, "SELECT Name FROM Gadget__c WHERE Colors__c INCLUDES ('Red;Blue', 'Green') ORDER BY Name");
  EXPECT_NE(includes.find("\"One\""), std::string::npos) << includes;
  EXPECT_NE(includes.find("\"Two\""), std::string::npos);
  EXPECT_EQ(includes.find("\"Three\""), std::string::npos);
  const std::string excludes = RunQuery(o.out_path, "SELECT Name FROM Gadget__c WHERE Colors__c EXCLUDES ('red') ORDER BY Name");
  EXPECT_EQ(excludes.find("\"One\""), std::string::npos) << excludes;
  EXPECT_NE(excludes.find("\"Three\""), std::string::npos);
  const std::string values = RunQuery(o.out_path, "SELECT Share__c, Visits__c, Opens__c FROM Gadget__c WHERE Share__c > 20");
  EXPECT_NE(values.find("50"), std::string::npos) << values;
  EXPECT_NE(RunQuery(o.out_path, "SELECT Visits__c FROM Gadget__c WHERE Name = 'One'").find("9000000000"), std::string::npos);
  EXPECT_NE(RunQuery(o.out_path, "SELECT Id FROM Gadget__c WHERE Name INCLUDES ('x')").find("INVALID_QUERY_FILTER_OPERATOR"),
            std::string::npos);
  EXPECT_NE(RunQuery(o.out_path, "SELECT Id FROM Case").find("INVALID_TYPE"), std::string::npos);  // not pulled
}

TEST(DescribeImportTest, CompoundAndUnstorableFieldsAreSkippedWithTheReason) {
  auto d = org::ObjectFromDescribe(R"({"name":"Account","label":"Account","keyPrefix":"001","fields":[
      {"name":"Id","type":"id","label":"Account ID","nillable":false},
      {"name":"BillingAddress","type":"address","label":"Billing Address"},
      {"name":"BillingCity","type":"string","label":"Billing City"},
      {"name":"Logo","type":"base64","label":"Logo"},
      {"name":"Tags__c","type":"multipicklist","label":"Tags","picklistValues":[{"value":"A","active":true},{"value":"B","active":false}]},
      {"name":"OwnerId","type":"reference","label":"Owner","referenceTo":["Group","User"],"relationshipName":"Owner"}],
      "childRelationships":[{"childSObject":"Account","field":"ParentId","relationshipName":"ChildAccounts"}]})");
  ASSERT_TRUE(d.ok()) << d.status().message();
  ASSERT_EQ(d->object.fields.size(), 4u);
  EXPECT_EQ(d->skipped.size(), 2u);
  EXPECT_NE(d->skipped[0].find("compound"), std::string::npos);
  EXPECT_NE(d->skipped[1].find("base64"), std::string::npos);
  EXPECT_EQ(d->object.fields[2].picklist_values, std::vector<std::string>{"A"});
  org::DescribedObject user;
  user.object = {"User", "User", "005", "", {}, {}};
  org::Field id;
  id.name = "Id";
  id.type = org::FieldType::kId;
  user.object.fields.push_back(id);
  user.referenced.push_back("");
  auto schema = org::SchemaFromDescribed({*d, user});
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->FindObject("Account")->FindField("OwnerId")->references, "User");  // the pulled target
  EXPECT_FALSE(org::ObjectFromDescribe(R"({"name":"X","fields":[{"name":"Name","type":"string"}]})").ok());
  EXPECT_FALSE(org::ObjectFromDescribe("not json").ok());
}

}  // namespace
}  // namespace crm::sched
