// Salesforce client: login parsing (SOAP and OAuth), pagination, re-login on
// INVALID_SESSION_ID and Sforce-Limit-Info, against a small fake org server.
#include "io/salesforce/sf_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "io/http/http_server.h"

namespace crm::io::salesforce {
namespace {

const char* kSoapOk = R"(<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><loginResponse><result>
<metadataServerUrl>BASE/services/Soap/m/62.0/00Dxx0000001gPL</metadataServerUrl><passwordExpired>false</passwordExpired><sandbox>false</sandbox>
<serverUrl>BASE/services/Soap/u/62.0/00Dxx0000001gPL</serverUrl><sessionId>TOKEN</sessionId><userId>005xx000001SwiUAAS</userId>
<userInfo><organizationId>00Dxx0000001gPLEAY</organizationId><userId>005xx000001SwiUAAS</userId><userName>u@example.com</userName></userInfo>
</result></loginResponse></soapenv:Body></soapenv:Envelope>)";

const char* kSoapFault = R"(<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring><detail><sf:LoginFault xsi:type="sf:LoginFault"><sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode><sf:exceptionMessage>Invalid username, password, security token; or user locked out.</sf:exceptionMessage></sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size())) text.replace(p, from.size(), to);
  return text;
}

TEST(SalesforceProtocol, SoapLoginEnvelopeAndParsing) {
  SalesforceConfig config;
  config.username = "a&b@example.com";
  config.password = "pw<1>";
  config.security_token = "TOK";
  HttpRequest req = BuildSoapLoginRequest(config);
  EXPECT_EQ(req.url, "https://login.salesforce.com/services/Soap/u/62.0");
  EXPECT_EQ(XmlElementText(req.body, "username").value_or(""), "a&b@example.com");
  EXPECT_EQ(XmlElementText(req.body, "password").value_or(""), "pw<1>TOK");
  EXPECT_NE(req.body.find("pw&lt;1&gt;TOK"), std::string::npos);

  auto ok = ParseSoapLoginResponse(200, Replace(Replace(kSoapOk, "BASE", "https://na1.my.salesforce.com"), "TOKEN", "00D!AQ0"));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->access_token, "00D!AQ0");
  EXPECT_EQ(ok->instance_url, "https://na1.my.salesforce.com");
  EXPECT_EQ(ok->user_id, "005xx000001SwiUAAS");
  EXPECT_EQ(ok->org_id, "00Dxx0000001gPLEAY");

  auto fault = ParseSoapLoginResponse(500, kSoapFault);
  ASSERT_FALSE(fault.ok());
  EXPECT_EQ(fault.error().code, CallErrorCode::kUnauthorized);
  EXPECT_EQ(fault.error().provider_code, "INVALID_LOGIN");
  EXPECT_NE(fault.error().message.find("Invalid username"), std::string::npos);
}

TEST(SalesforceProtocol, OAuthPasswordGrant) {
  SalesforceConfig config;
  config.login_url = "https://test.salesforce.com/";
  config.username = "u@x.com";
  config.password = "p w+";
  config.security_token = "T";
  config.client_id = "cid";
  config.client_secret = "sec";
  HttpRequest req = BuildOAuthPasswordRequest(config);
  EXPECT_EQ(req.url, "https://test.salesforce.com/services/oauth2/token");
  EXPECT_EQ(req.body, "grant_type=password&client_id=cid&client_secret=sec&username=u%40x.com&password=p%20w%2BT");
  auto ok = ParseOAuthResponse(200, R"({"access_token":"00D!AR8","instance_url":"https://acme.my.salesforce.com/",
      "id":"https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS","token_type":"Bearer","issued_at":"1278448832702"})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->instance_url, "https://acme.my.salesforce.com");
  EXPECT_EQ(ok->org_id, "00Dxx0000001gPLEAY");
  EXPECT_EQ(ok->user_id, "005xx000001SwiUAAS");
  auto bad = ParseOAuthResponse(400, R"({"error":"invalid_grant","error_description":"authentication failure"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, CallErrorCode::kUnauthorized);
  EXPECT_EQ(bad.error().provider_code, "invalid_grant");
}

TEST(SalesforceProtocol, LimitInfoErrorsAndPages) {
  auto usage = ParseLimitInfo("api-usage=25/15000; per-app-api-usage=17/250(appName=sample)");
  ASSERT_TRUE(usage);
  EXPECT_EQ(usage->used, 25);
  EXPECT_EQ(usage->max, 15000);
  EXPECT_EQ(ToRateLimitInfo(*usage).requests_remaining.value(), 14975);
  EXPECT_FALSE(ParseLimitInfo("per-app-api-usage=1/2"));
  CallError e = ParseRestError(400, R"([{"message":"unexpected token: 'From'","errorCode":"MALFORMED_QUERY"}])");
  EXPECT_EQ(e.code, CallErrorCode::kBadRequest);
  EXPECT_EQ(e.message, "MALFORMED_QUERY: unexpected token: 'From'");
  EXPECT_EQ(ParseRestError(403, R"([{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])").code,
            CallErrorCode::kDailyApiLimit);
  EXPECT_EQ(ParseRestError(503, "<html>down</html>").code, CallErrorCode::kOverloaded);
  auto page = ParseQueryPage(R"({"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01g-2",
      "records":[{"attributes":{"type":"Case"},"Id":"500A"},{"Id":"500B"}]})");
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->done);
  EXPECT_EQ(page->record_count, 2u);
  EXPECT_EQ(page->records_json, R"([{"attributes":{"type":"Case"},"Id":"500A"},{"Id":"500B"}])");
  EXPECT_EQ(JoinJsonArrays("[1,2]", "[3]"), "[1,2,3]");
  EXPECT_EQ(XmlUnescape("a&amp;b&#39;c&#x41;"), "a&b'cA");
}

// The page scan: the records kept as the org wrote them whatever they hold
// (escaped quotes and backslashes, brackets and commas inside strings, nested
// records), the members in any order; what the quick scan does not expect
// (whitespace layouts, escaped URLs) read by the validating reader; what is
// not one object with a records array refused.
TEST(SalesforceProtocol, QueryPageScan) {
  const std::string records =
      R"([{"attributes":{"type":"Case","url":"/x"},"Subject":"say \"hi\", [not] {a} \\","N":1.5,"B":null,)"
      R"("Owner":{"attributes":{"type":"User"},"Name":"A\\"},"Tags":[1,[2,3],{"k":"]"}]},{"Id":"500B"},3,"s"])";
  auto page = ParseQueryPage(R"({"records":)" + records + R"(,"done":false,"totalSize":9,"nextRecordsUrl":"/q/01g-2"})");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->records_json, records);
  EXPECT_EQ(page->record_count, 4u);
  EXPECT_EQ(page->total_size, 9);
  EXPECT_FALSE(page->done);
  EXPECT_EQ(page->next_records_url, "/q/01g-2");

  page = ParseQueryPage("{\n  \"totalSize\" : 0,\n  \"done\" : true,\n  \"records\" : [ ]\n}\n");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->records_json, "[ ]");
  EXPECT_EQ(page->record_count, 0u);
  EXPECT_TRUE(page->done);

  page = ParseQueryPage(R"({"totalSize":2,"done":false,"nextRecordsUrl":"\/q\/01g-2","records":[{"Id":"a"},{"Id":"b"}]})");
  ASSERT_TRUE(page.ok());  // the escaped URL: read by the validating reader
  EXPECT_EQ(page->next_records_url, "/q/01g-2");
  EXPECT_EQ(page->record_count, 2u);
  EXPECT_EQ(page->records_json, R"([{"Id":"a"},{"Id":"b"}])");

  page = ParseQueryPage(R"({"totalSize":1,"done":true,"records":[{"Id":"a"}]})");
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->done);
  EXPECT_EQ(page->record_count, 1u);

  for (const std::string& bad : {std::string(R"({"totalSize":1,"done":true,"records":[{"Id":"a"}])"),
                                std::string(R"({"totalSize":1,"done":true,"records":[{"Id":"a"]}})"),
                                std::string(R"({"totalSize":1,"done":true,"records":[{"Id":"a}]})"),
                                std::string(R"({"totalSize":1,"done":true,"records":[]} x)"),
                                std::string("{\"totalSize\":1,\"records\":[]}\0", 29), std::string(R"({"totalSize":1})"),
                                std::string(R"([{"records":[]}])"), std::string("")}) {
    EXPECT_FALSE(ParseQueryPage(bad).ok()) << bad;
  }
}

// Both of Salesforce's request limits answer REQUEST_LIMIT_EXCEEDED: the
// org's daily total is final until its 24-hour window moves on (never
// retried); the concurrent-request limit clears in seconds (retryable).
TEST(SalesforceProtocol, DailyAndConcurrentRequestLimitsAreTold) {
  CallError daily = ParseRestError(403, R"([{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])");
  EXPECT_EQ(daily.code, CallErrorCode::kDailyApiLimit);
  EXPECT_EQ(daily.provider_code, "REQUEST_LIMIT_EXCEEDED");
  EXPECT_EQ(daily.http_status, 403);
  EXPECT_EQ(daily.should_retry, std::optional<bool>(false));
  EXPECT_EQ(ClassOf(daily.code), CallErrorClass::kFatal);
  EXPECT_STREQ(CallErrorCodeName(daily.code), "daily_api_limit");
  EXPECT_NE(daily.message.find("TotalRequests Limit exceeded."), std::string::npos);
  // The object form some endpoints answer with reads the same.
  EXPECT_EQ(ParseRestError(403, R"({"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"})").code,
            CallErrorCode::kDailyApiLimit);

  for (const char* body :
       {R"([{"message":"ConcurrentPerOrgLongTxn Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])",
        R"([{"message":"Number of concurrent requests exceeded the limit of 25.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])",
        R"([{"message":"ConcurrentRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])",
        R"([{"errorCode":"REQUEST_LIMIT_EXCEEDED"}])"}) {
    CallError concurrent = ParseRestError(403, body);
    EXPECT_EQ(concurrent.code, CallErrorCode::kRateLimited) << body;
    EXPECT_FALSE(concurrent.should_retry.has_value()) << body;
    EXPECT_EQ(ClassOf(concurrent.code), CallErrorClass::kRetryable) << body;
  }
  // The words alone, under another error code, are not the limit.
  EXPECT_FALSE(IsDailyApiLimit("UNKNOWN_EXCEPTION", "TotalRequests Limit exceeded."));
  EXPECT_TRUE(IsDailyApiLimit("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
  EXPECT_FALSE(IsDailyApiLimit("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded."));
}

// A fake org: one user, tokens that can be expired, two query pages.
class FakeOrg {
 public:
  ServerResponse Handle(const ServerRequest& r) {
    std::lock_guard<std::mutex> lock(mu_);
    ServerResponse res;
    res.headers = {{"Content-Type", "application/json;charset=UTF-8"},
                   {"Sforce-Limit-Info", "api-usage=" + std::to_string(++calls_) + "/15000"}};
    if (r.path.rfind("/services/Soap/u/", 0) == 0) return SoapLogin(r);
    if (r.path == "/services/oauth2/token") return OAuth(r);
    if (FindHeader(r.headers, "Authorization").value_or("") != "Bearer " + token_) {
      res.status = 401;
      res.body = R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])";
      return res;
    }
    ++data_calls_;
    if (r.path == "/services/data/v62.0/query" && r.query.find("BAD") != std::string::npos) {
      res.status = 400;
      res.body = R"([{"message":"unexpected token: 'BAD'","errorCode":"MALFORMED_QUERY"}])";
    } else if (r.path == "/services/data/v62.0/query" || r.path == "/services/data/v62.0/queryAll") {
      res.body = R"({"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gXX-2",)"
                 R"("records":[{"attributes":{"type":"Case","url":"/x/500A"},"Id":"500A"},{"attributes":{"type":"Case","url":"/x/500B"},"Id":"500B"}]})";
    } else if (r.path == "/services/data/v62.0/query/01gXX-2") {
      res.body = R"({"totalSize":3,"done":true,"records":[{"attributes":{"type":"Case","url":"/x/500C"},"Id":"500C"}]})";
    } else if (r.path == "/services/data/v62.0/search") {
      res.body = R"({"searchRecords":[{"attributes":{"type":"Account"},"Id":"001A"}]})";
    } else {
      res.status = 404;
      res.body = R"([{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}])";
    }
    return res;
  }
  void ExpireSessions() {
    std::lock_guard<std::mutex> lock(mu_);
    token_ = "expired";
  }
  std::string base;
  int data_calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return data_calls_;
  }

 private:
  ServerResponse SoapLogin(const ServerRequest& r) {
    ServerResponse res;
    res.headers = {{"Content-Type", "text/xml;charset=UTF-8"}};
    if (XmlElementText(r.body, "username") != "user@example.com" ||
        XmlElementText(r.body, "password") != "secretPW" "TOKEN123") {
      res.status = 500;
      res.body = kSoapFault;
      return res;
    }
    token_ = "00D!SESSION" + std::to_string(++logins_);
    res.body = Replace(Replace(kSoapOk, "BASE", base), "TOKEN", token_);
    return res;
  }
  ServerResponse OAuth(const ServerRequest& r) {
    ServerResponse res;
    res.headers = {{"Content-Type", "application/json"}};
    if (r.body.find("password=secretPWTOKEN123") == std::string::npos) {
      res.status = 400;
      res.body = R"({"error":"invalid_grant","error_description":"authentication failure"})";
      return res;
    }
    token_ = "00D!OAUTH" + std::to_string(++logins_);
    res.body = R"({"access_token":")" + token_ + R"(","instance_url":")" + base +
               R"(","id":"https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS","token_type":"Bearer"})";
    return res;
  }
  std::mutex mu_;
  std::string token_ = "none";
  int logins_ = 0;
  int calls_ = 0;
  int data_calls_ = 0;
};

class SalesforceClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<HttpServer>(ServerOptions{}, [this](const ServerRequest& r) { return org_.Handle(r); });
    ASSERT_TRUE(server_->Start().ok());
    org_.base = server_->BaseUrl();
  }
  SalesforceConfig Config(bool oauth, const std::string& password = "secretPW") {
    SalesforceConfig c;
    c.login_url = org_.base;
    c.username = "user@example.com";
    c.password = password;
    c.security_token = "TOKEN123";
    if (oauth) {
      c.client_id = "cid";
      c.client_secret = "csecret";
    }
    return c;
  }
  FakeOrg org_;
  std::unique_ptr<HttpServer> server_;
  HttpClient http_;
};

TEST_F(SalesforceClientTest, SoapLoginThenQueryFollowsNextRecordsUrl) {
  SalesforceClient client(http_, Config(false));
  auto result = client.Query("SELECT Id FROM Case");  // logs in on first use
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->total_size, 3);
  EXPECT_EQ(result->pages, 2);
  EXPECT_EQ(result->record_count, 3u);
  EXPECT_NE(result->records_json.find("500C"), std::string::npos);
  EXPECT_EQ(result->records_json.front(), '[');
  EXPECT_EQ(client.logins(), 1);
  ASSERT_TRUE(client.session());
  EXPECT_EQ(client.session()->org_id, "00Dxx0000001gPLEAY");
  ASSERT_TRUE(client.last_api_usage());
  EXPECT_EQ(client.last_api_usage()->max, 15000);
  QueryOptions all;
  all.include_deleted = true;
  EXPECT_TRUE(client.Query("SELECT Id FROM Case", all).ok());
}

TEST_F(SalesforceClientTest, ReLogsInOnceOnInvalidSession) {
  SalesforceClient client(http_, Config(true));
  ASSERT_TRUE(client.Login().ok());
  ASSERT_TRUE(client.Search("FIND {Acme}").ok());
  org_.ExpireSessions();
  auto result = client.Query("SELECT Id FROM Case");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(client.logins(), 2);
  EXPECT_EQ(result->record_count, 3u);
}

TEST_F(SalesforceClientTest, ErrorsAreValuesWithoutSecrets) {
  SalesforceClient bad_login(http_, Config(false, "wrongPW"));
  auto denied = bad_login.Query("SELECT Id FROM Case");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, CallErrorCode::kUnauthorized);
  EXPECT_EQ(denied.error().message.find("wrongPW"), std::string::npos);
  EXPECT_EQ(denied.error().message.find("TOKEN123"), std::string::npos);
  SalesforceClient client(http_, Config(true));
  auto malformed = client.Query("SELECT BAD FROM Case");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().provider_code, "MALFORMED_QUERY");
  EXPECT_EQ(malformed.error().http_status, 400);
  auto missing = client.Get("/sobjects/Nope/describe");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, CallErrorCode::kNotFound);
}

TEST_F(SalesforceClientTest, NeverSendsATargetOverSalesforcesUriLimit) {
  SalesforceClient client(http_, Config(true));
  ASSERT_TRUE(client.Login().ok());
  const int before = org_.data_calls();
  std::string soql = "SELECT Id FROM Case WHERE Subject = ''";
  soql.insert(soql.size() - 1, std::string(kMaxRequestTargetBytes - client.QueryPath(soql).size(), 'x'));
  ASSERT_EQ(client.QueryPath(soql).size(), kMaxRequestTargetBytes);
  EXPECT_TRUE(client.Query(soql).ok());  // at the limit: sent
  EXPECT_EQ(org_.data_calls(), before + 2);  // two pages
  for (const std::string& longer : {soql + " ", soql + std::string(100000, ' ')}) {
    auto refused = client.Query(longer);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, CallErrorCode::kBadRequest);
    EXPECT_EQ(refused.error().provider_code, kUriTooLongCode);
    EXPECT_EQ(refused.error().should_retry, false);
    EXPECT_EQ(refused.error().http_status, 0);  // no response: nothing was sent
    EXPECT_NE(refused.error().message.find("not sent"), std::string::npos);
  }
  auto search = client.Search("FIND {" + std::string(17000, 'y') + "}");
  ASSERT_FALSE(search.ok());
  EXPECT_EQ(search.error().provider_code, kUriTooLongCode);
  EXPECT_EQ(org_.data_calls(), before + 2);
}

}  // namespace
}  // namespace crm::io::salesforce
