// `serve org` and the remote-org path at Salesforce's URI limit, over real
// sockets against the real server on a generated org: over-long and
// malformed requests get 414/431/400 with a REST error body and the server
// keeps serving; a 16,384-byte target is served.
#include "scheduler/run/org_executor.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "engine/gen/generator.h"
#include "engine/org/ids.h"
#include "io/blocking.h"
#include "io/http/http_client.h"
#include "io/salesforce/sf_client.h"
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

}  // namespace
}  // namespace crm::sched
