// `serve org` and the remote-org path at Salesforce's URI limit, over real
// sockets against the real server on a generated org: over-long and
// malformed requests get 414/431/400 with a REST error body and the server
// keeps serving; a 16,384-byte target is served; queries whose URI would be
// too long are split on their IN list, sent through our Salesforce client and
// merged into exactly the local org's single-query response; what cannot be
// split fails without a request; every generated task's tool solution shows
// the same results over REST as locally.
#include "scheduler/run/org_executor.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "engine/gen/generator.h"
#include "engine/org/ids.h"
#include "engine/org/sqlite.h"
#include "engine/tasks/gen/task_generator.h"
#include "engine/tools/connector.h"
#include "engine/tools/py_literal.h"
#include "engine/soql/query_split.h"
#include "io/blocking.h"
#include "io/http/http_client.h"
#include "io/salesforce/sf_client.h"
#include "scheduler/run/remote_query.h"
#include "scheduler/servers/org_api_server.h"
#include "tests/io/raw_http.h"

namespace crm::sched {
namespace {

namespace fs = std::filesystem;
namespace sf = io::salesforce;
using crm::testing::RawExchange;

// One scale-1 org per test process (ctest runs each test in its own).
struct GeneratedOrg {
  std::string dir = (fs::temp_directory_path() / ("crm-rest-test-" + std::to_string(getpid()))).string();
  std::string path = dir + "/org.db";
  GeneratedOrg() {
    fs::create_directories(dir);
    gen::GeneratorOptions options;
    options.seed = 5;
    options.scale = 1;
    options.out_path = path;
    options.overwrite = true;
    ok = gen::GenerateOrg(options).ok();
  }
  ~GeneratedOrg() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  bool ok = false;
};

const GeneratedOrg& Org() {
  static const GeneratedOrg org;
  return org;
}

class ServeOrgRest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Org().ok);
    servers::OrgApiOptions options;
    options.org_path = Org().path;
    options.username = "rest@test";
    options.password = "pw";
    options.security_token = "TOK";
    auto server = servers::OrgApiServer::Create(options);
    ASSERT_TRUE(server.ok());
    server_ = std::move(server).value();
    io::ServerOptions so;
    so.threads = 2;
    auto port = server_->Start(so);
    ASSERT_TRUE(port.ok());
    port_ = *port;
    sf::SalesforceConfig config;
    config.login_url = server_->BaseUrl();
    config.api_version = "58.0";
    config.username = "rest@test";
    config.password = "pw";
    config.security_token = "TOK";
    client_ = std::make_unique<sf::SalesforceClient>(http_, config);
    ASSERT_TRUE(client_->Login().ok());
    local_ = std::make_unique<OrgExecutor>(Org().path, 1);
    remote_ = std::make_unique<OrgExecutor>(*client_);
  }
  void TearDown() override {
    remote_.reset();
    client_.reset();
    if (server_) server_->Stop();
  }

  // A raw GET of `target` on a new connection, with the session.
  crm::testing::RawResponse Get(const std::string& target, const std::string& extra_headers = "") {
    return RawExchange(port_, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                  client_->session()->access_token + "\r\n" + extra_headers + "Connection: close\r\n\r\n");
  }
  // The REST error body: [{"message", "errorCode"}] -> errorCode.
  static std::string ErrorCode(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    if (d.HasParseError() || !d.IsArray() || d.Size() != 1 || !d[0].IsObject() || !d[0].HasMember("message") ||
        !d[0]["message"].IsString() || !d[0].HasMember("errorCode") || !d[0]["errorCode"].IsString()) {
      return "(not a REST error body: " + body.substr(0, 200) + ")";
    }
    return d[0]["errorCode"].GetString();
  }
  // A normal query on a new connection, then through the client's pool.
  void ExpectServing() {
    auto r = Get(client_->QueryPath("SELECT Id, Name FROM Account WHERE ShippingState = 'CA'"));
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("\"totalSize\":"), std::string::npos);
    auto q = client_->Query("SELECT Id FROM Issue__c");
    ASSERT_TRUE(q.ok()) << q.error().message;
    EXPECT_EQ(q->total_size, 20);
  }
  OrgResult RunRemote(const tools::QueryRequest& query) {
    return io::internal::RunBlocking(http_.runtime(), remote_->Run(query));
  }
  std::vector<std::string> LocalColumn(const std::string& soql, const char* key) {
    auto body = local_->RunHere({tools::QueryLanguage::kSoql, soql, true});
    EXPECT_TRUE(body.ok()) << body.error().ToString();
    std::vector<std::string> out;
    if (!body.ok()) return out;
    rapidjson::Document d;
    d.Parse(body->c_str());
    for (const auto& r : d["records"].GetArray()) out.push_back(r[key].GetString());
    return out;
  }

  std::unique_ptr<servers::OrgApiServer> server_;
  int port_ = 0;
  io::HttpClient http_;
  std::unique_ptr<sf::SalesforceClient> client_;
  std::unique_ptr<OrgExecutor> local_, remote_;
};

std::string Quoted(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "'" : ",'") + v + "'";
  return out;
}

TEST_F(ServeOrgRest, OverLongAndMalformedRequestsGetARestErrorAndTheServerKeepsServing) {
  const std::string query = "/services/data/v58.0/query?q=SELECT%20Id%20FROM%20Case%20WHERE%20Subject%20IN%20(";
  for (size_t bytes : {20u << 10, 100u << 10}) {
    std::string target = query + std::string(bytes - query.size() - 3, 'x') + "%29";
    auto r = Get(target);
    EXPECT_EQ(r.status, 414) << bytes;
    EXPECT_EQ(r.Header("Content-Type"), "application/json;charset=UTF-8");
    EXPECT_EQ(ErrorCode(r.body), "URI_TOO_LONG");
    EXPECT_NE(r.body.find("URI Too Long: the request target is "), std::string::npos) << r.body;
    ExpectServing();
  }
  auto bad = RawExchange(port_, "GET /services/data/v58.0/query?q=SELECT Id FROM Case HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCode(bad.body), "MALFORMED_REQUEST");
  ExpectServing();
  auto big_headers = Get(query + "%29", "X-Padding: " + std::string(20000, 'p') + "\r\n");
  EXPECT_EQ(big_headers.status, 431);
  EXPECT_EQ(ErrorCode(big_headers.body), "REQUEST_HEADER_FIELDS_TOO_LARGE");
  ExpectServing();
  // The session id never shows in an answer.
  EXPECT_EQ(bad.body.find(client_->session()->access_token), std::string::npos);
}

TEST_F(ServeOrgRest, ATargetOfExactly16384BytesIsServed) {
  std::string soql = "SELECT Id FROM Account WHERE Name = 'x'";
  const size_t base = client_->QueryPath(soql).size();
  soql.insert(soql.size() - 1, std::string(sf::kMaxRequestTargetBytes - base, 'y'));
  const std::string target = client_->QueryPath(soql);
  ASSERT_EQ(target.size(), 16384u);
  auto r = Get(target);
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 200);
  EXPECT_EQ(r.body, "{\"totalSize\":0,\"done\":true,\"records\":[]}");
  auto longer = Get(client_->QueryPath(soql + " "));
  EXPECT_EQ(longer.status, 414);
}

TEST_F(ServeOrgRest, LongInListsAreSplitAndMergeIntoTheLocalAnswer) {
  // The order items of the ten products with the most cases: over 1,000 ids.
  const std::vector<std::string> products = LocalColumn(
      "SELECT Product2Id, COUNT(Id) n FROM OrderItem WHERE Id IN (SELECT OrderItemId__c FROM Case) "
      "GROUP BY Product2Id ORDER BY COUNT(Id) DESC LIMIT 10",
      "Product2Id");
  ASSERT_EQ(products.size(), 10u);
  std::vector<std::string> items =
      LocalColumn("SELECT Id FROM OrderItem WHERE Product2Id IN (" + Quoted(products) + ")", "Id");
  ASSERT_GE(items.size(), 1000u);
  std::reverse(items.begin(), items.end());  // the list's order is not the answer's
  std::vector<std::string> accounts = LocalColumn("SELECT Id FROM Account", "Id");
  ASSERT_GE(accounts.size(), 500u);
  std::rotate(accounts.begin(), accounts.begin() + static_cast<std::ptrdiff_t>(accounts.size() / 3), accounts.end());
  const std::string queries[] = {
      "SELECT OwnerId, CreatedDate, ClosedDate, AccountId FROM Case WHERE OrderItemId__c IN (" + Quoted(items) + ")",
      "SELECT IssueId__c, COUNT(Id) IssueCount FROM Case WHERE OrderItemId__c IN (" + Quoted(items) +
          ") AND CreatedDate >= 2020-01-01T00:00:00Z AND CreatedDate <= 2025-06-30T00:00:00Z GROUP BY IssueId__c "
          "ORDER BY COUNT(Id) DESC",
      "SELECT Id, ShippingState FROM Account WHERE Id IN (" + Quoted(accounts) + ")",
  };
  for (const std::string& soql : queries) {
    ASSERT_GT(client_->QueryPath(soql).size(), sf::kMaxRequestTargetBytes);  // one request would be refused
    const int64_t calls_before = server_->api_calls();
    const tools::QueryRequest request{tools::QueryLanguage::kSoql, soql, true};
    OrgResult remote = RunRemote(request);
    ASSERT_FALSE(remote.infra) << remote.infra->message;
    ASSERT_TRUE(remote.outcome.ok()) << remote.outcome.error().ToString();
    tools::QueryOutcome local = local_->RunHere(request);
    ASSERT_TRUE(local.ok());
    EXPECT_GT(local->size(), 1000u);
    EXPECT_EQ(*remote.outcome, *local) << soql.substr(0, 80);
    EXPECT_GE(server_->api_calls() - calls_before, 2) << "not split";
  }
}

TEST_F(ServeOrgRest, WhatCannotBeSplitFailsWithoutARequest) {
  const int64_t calls_before = server_->api_calls();
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(org::MakeRecordId("802", static_cast<uint64_t>(i)));
  const tools::QueryRequest refused[] = {
      {tools::QueryLanguage::kSoql, "SELECT Id FROM Case WHERE OrderItemId__c IN (" + Quoted(ids) + ") LIMIT 5", true},
      {tools::QueryLanguage::kSoql, "SELECT Id FROM Case WHERE Subject = '" + std::string(17000, 'x') + "'", true},
      {tools::QueryLanguage::kSosl, "FIND {" + std::string(17000, 'x') + "} IN ALL FIELDS RETURNING Case(Id)", true},
  };
  for (const tools::QueryRequest& request : refused) {
    OrgResult r = RunRemote(request);
    EXPECT_FALSE(r.infra);
    ASSERT_FALSE(r.outcome.ok());
    EXPECT_EQ(r.outcome.error().error_code, "URI_TOO_LONG");
    EXPECT_EQ(r.outcome.error().http_status, 414);
  }
  // Our client refuses such a request itself, before sending.
  auto direct = client_->Query(refused[1].text);
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().provider_code, "URI_TOO_LONG");
  EXPECT_EQ(direct.error().code, CallErrorCode::kBadRequest);
  EXPECT_EQ(ClassOf(direct.error().code), CallErrorClass::kFatal);
  EXPECT_EQ(direct.error().should_retry, false);
  EXPECT_EQ(server_->api_calls(), calls_before);  // nothing reached the org
  // Unsplittable but within Salesforce's limit (only the headers' room is
  // missing): sent as it is.
  std::string soql = "SELECT Id FROM Case WHERE Subject = 'x' LIMIT 1";
  soql.insert(soql.find("'x'") + 1, std::string(kSplitTargetBytes + 200 - client_->QueryPath(soql).size(), 'z'));
  ASSERT_GT(client_->QueryPath(soql).size(), kSplitTargetBytes);
  ASSERT_LE(client_->QueryPath(soql).size(), sf::kMaxRequestTargetBytes);
  OrgResult sent = RunRemote({tools::QueryLanguage::kSoql, soql, true});
  ASSERT_TRUE(sent.outcome.ok()) << sent.outcome.error().ToString();
  EXPECT_EQ(*sent.outcome, "{\"totalSize\":0,\"done\":true,\"records\":[]}");
  EXPECT_EQ(server_->api_calls(), calls_before + 1);
}

TEST_F(ServeOrgRest, QueryErrorsReadAsLocally) {
  for (const char* soql : {"SELECT Nope FROM Case", "SELECT Id FROM Case WHERE", "SELECT Id FROM Case WHERE Id = 'abc'"}) {
    const tools::QueryRequest request{tools::QueryLanguage::kSoql, soql, true};
    OrgResult remote = RunRemote(request);
    ASSERT_FALSE(remote.infra);
    tools::QueryOutcome local = local_->RunHere(request);
    ASSERT_FALSE(local.ok());
    ASSERT_FALSE(remote.outcome.ok());
    EXPECT_EQ(remote.outcome.error().ToString(), local.error().ToString());
  }
}

// {"$result": k[, "$key": K]} in a solution step's arguments, replaced by the
// k-th tool result (read back from its official text, as a model would).
void Substitute(rapidjson::Value& v, rapidjson::Document::AllocatorType& alloc, const std::vector<std::string>& results) {
  if (v.IsArray()) {
    for (auto& item : v.GetArray()) Substitute(item, alloc, results);
    return;
  }
  if (!v.IsObject()) return;
  auto ref = v.FindMember("$result");
  if (ref == v.MemberEnd()) {
    for (auto& m : v.GetObject()) Substitute(m.value, alloc, results);
    return;
  }
  const std::string& text = results.at(static_cast<size_t>(ref->value.GetInt64()));
  std::optional<py::Value> literal = py::ParseLiteral(text);
  rapidjson::Document parsed(&alloc);
  parsed.Parse(literal ? py::ToJson(*literal).c_str() : "null");
  rapidjson::Value value;
  if (literal) {
    value.CopyFrom(parsed, alloc);
  } else {
    value.SetString(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
  }
  auto key = v.FindMember("$key");
  if (key != v.MemberEnd() && value.IsObject() && value.HasMember(key->value.GetString())) {
    rapidjson::Value picked(value[key->value.GetString()], alloc);
    value = picked;
  }
  v = value;
}

TEST_F(ServeOrgRest, ToolSolutionsShowTheSameResultsOverRestAsLocally) {
  size_t compared = 0, split = 0;
  // Runs one tool call locally and over REST; both must show the same
  // official text. Returns the local text.
  auto run_both = [&](const std::string& tool, const std::string& args, const std::string& where) {
    tools::ToolPlan plan = tools::PlanToolCall(tool, args, true);
    if (plan.kind != tools::ToolPlan::Kind::kQuery) return tools::ShowToolResult(plan.result, tools::ObservationFormat::kOfficial);
    if (client_->QueryPath(plan.query.text).size() > kSplitTargetBytes) ++split;
    OrgResult remote = RunRemote(plan.query);
    EXPECT_FALSE(remote.infra) << where << " " << tool;
    const std::string local_text =
        tools::ShowToolResult(plan.finish(local_->RunHere(plan.query)), tools::ObservationFormat::kOfficial);
    const std::string remote_text = tools::ShowToolResult(plan.finish(remote.outcome), tools::ObservationFormat::kOfficial);
    EXPECT_EQ(remote_text, local_text) << where << " " << tool;
    EXPECT_EQ(remote_text.rfind("Error", 0), std::string::npos) << where << " " << tool << ": " << remote_text.substr(0, 200);
    ++compared;
    return local_text;
  };
  auto json_of = [](const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
  };

  // Every generated task's reference tool solution.
  auto db = org::Database::Open(Org().path, org::Database::Mode::kReadOnly);
  ASSERT_TRUE(db.ok());
  taskgen::TaskGenOptions options;
  options.seed = 3;
  options.per_type = 20;
  auto generated = taskgen::GenerateTasks(**db, options);
  ASSERT_TRUE(generated.ok()) << generated.status().ToString();
  for (const tasks::Task& task : *generated) {
    std::string solution_json;
    for (const tasks::RawKey& key : task.extra) {
      if (key.key == "generator") solution_json = key.json;
    }
    rapidjson::Document generator;
    generator.Parse(solution_json.c_str());
    ASSERT_TRUE(generator.IsObject() && generator["solution"].HasMember("tool_call")) << task.idx;
    std::vector<std::string> results;
    for (auto& step : generator["solution"]["tool_call"].GetArray()) {
      rapidjson::Value args(step["arguments"], generator.GetAllocator());
      Substitute(args, generator.GetAllocator(), results);
      results.push_back(run_both(step["tool"].GetString(), json_of(args), task.task + " #" + std::to_string(task.idx)));
    }
  }
  EXPECT_GT(compared, 9u * 20);

  // The largest lists: the order items of the ten busiest products (1,000+
  // ids) through the case tools, and the cases' accounts through
  // get_shipping_state.
  const std::vector<std::string> products = LocalColumn(
      "SELECT Product2Id, COUNT(Id) n FROM OrderItem WHERE Id IN (SELECT OrderItemId__c FROM Case) "
      "GROUP BY Product2Id ORDER BY COUNT(Id) DESC LIMIT 10",
      "Product2Id");
  std::string items = "[";
  for (const std::string& product : products) {
    std::optional<py::Value> ids = py::ParseLiteral(
        run_both("get_order_item_ids_by_product", "{\"product_id\":\"" + product + "\"}", "busiest products"));
    ASSERT_TRUE(ids && ids->is_list());
    for (const py::Value& id : ids->items()) items += (items.size() > 1 ? ",\"" : "\"") + id.as_str() + "\"";
  }
  items += "]";
  run_both("get_issue_counts",
           "{\"start_date\":\"2020-01-01T00:00:00Z\",\"end_date\":\"2025-07-01T00:00:00Z\",\"order_item_ids\":" + items + "}",
           "busiest products");
  std::optional<py::Value> cases = py::ParseLiteral(run_both("get_cases", "{\"order_item_ids\":" + items + "}", "busiest products"));
  ASSERT_TRUE(cases && cases->is_list());
  EXPECT_GT(cases->items().size(), 300u);
  run_both("get_shipping_state", "{\"cases\":" + py::ToJson(*cases) + "}", "busiest products");
  EXPECT_GE(split, 3u) << "the largest IN lists were not split";
  RecordProperty("tool_queries_compared", static_cast<int>(compared));
  RecordProperty("split_queries", static_cast<int>(split));
}

TEST(QuerySplitEncoding, TheSplittersLengthIsTheClientsEncoding) {
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  for (const std::string& text : {std::string("SELECT Id FROM Case WHERE Id IN ('a', 'b')"), every_byte,
                                   std::string("Caf\xc3\xa9 ~ 100% + x*y/z")}) {
    EXPECT_EQ(soql::EncodedQueryLength(text), sf::PercentEncode(text).size());
  }
}

}  // namespace
}  // namespace crm::sched
