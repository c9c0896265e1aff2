// io/salesforce/sf_protocol.h — the pure half of the Salesforce client:
// login requests and responses (SOAP partner login, OAuth2 password grant),
// REST error bodies, Sforce-Limit-Info, and query pages kept as raw JSON
// text (io knows no CRM semantics). Pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/call_error.h"
#include "io/expected.h"
#include "io/http/http_types.h"

namespace crm::io::salesforce {

struct SalesforceConfig {
  std::string login_url = "https://login.salesforce.com";  // or http://127.0.0.1:PORT
  std::string api_version = "62.0";
  std::string username;
  std::string password;        // never logged
  std::string security_token;  // appended to the password, never logged
  // OAuth2 password grant when client_id is set; SOAP partner login otherwise
  // (SOAP login is gone from API v65.0 on).
  std::string client_id;
  std::string client_secret;
};

struct Session {
  std::string access_token;  // the Bearer token (SOAP sessionId)
  std::string instance_url;  // scheme://host[:port], no trailing slash
  std::string user_id;
  std::string org_id;
};

struct ApiUsage {
  long long used = 0;
  long long max = 0;
};

struct QueryPage {
  long long total_size = 0;
  bool done = true;
  std::string next_records_url;  // root-relative, empty when done
  std::string records_json;      // this page's records: the JSON array text as the org wrote it
  size_t record_count = 0;
};

std::string XmlEscape(std::string_view text);
std::string XmlUnescape(std::string_view text);
// Text of the first element whose local name is `name` (any prefix).
std::optional<std::string> XmlElementText(std::string_view xml, std::string_view name);
// application/x-www-form-urlencoded component (space -> %20, '+' -> %2B).
std::string PercentEncode(std::string_view text);

HttpRequest BuildSoapLoginRequest(const SalesforceConfig& config);
Expected<Session, CallError> ParseSoapLoginResponse(int status, std::string_view body);
HttpRequest BuildOAuthPasswordRequest(const SalesforceConfig& config);
Expected<Session, CallError> ParseOAuthResponse(int status, std::string_view body);

// "api-usage=25/15000[; per-app-api-usage=...]" -> {25, 15000}.
std::optional<ApiUsage> ParseLimitInfo(std::string_view header);
RateLimitInfo ToRateLimitInfo(const ApiUsage& usage);

inline constexpr const char* kRequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";

// Salesforce answers both of its request limits with REQUEST_LIMIT_EXCEEDED:
// true for the org's daily total ("TotalRequests Limit exceeded."), false for
// the concurrent-request limit ("ConcurrentPerOrgLongTxn Limit exceeded.")
// and for any other code or message.
bool IsDailyApiLimit(std::string_view error_code, std::string_view message);

// A REST error ([{"message","errorCode"}]) -> CallError; provider_code is the
// errorCode (INVALID_SESSION_ID, MALFORMED_QUERY, REQUEST_LIMIT_EXCEEDED...).
// REQUEST_LIMIT_EXCEEDED is kDailyApiLimit (should_retry false) for the daily
// total and kRateLimited (retryable) for the concurrent-request limit.
CallError ParseRestError(int status, std::string_view body);
// One page of a query response (sf_query_page.cc); the body must be one JSON
// object with a "records" array.
Expected<QueryPage, CallError> ParseQueryPage(const std::string& body);
// Joins JSON array texts ("[a,b]" + "[c]" -> "[a,b,c]").
std::string JoinJsonArrays(const std::string& left, const std::string& right);

}  // namespace crm::io::salesforce
