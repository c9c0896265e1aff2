// io/salesforce/sf_client.h — Salesforce REST client over the HttpClient:
// login (OAuth2 password grant or SOAP partner login), SOQL query/queryAll
// following nextRecordsUrl, SOSL search, raw GETs; one re-login and retry on
// 401 INVALID_SESSION_ID; Sforce-Limit-Info tracked; no request target over
// kMaxRequestTargetBytes ever sent.
//
// Thread safety: one client may be shared by many coroutines/threads; the
// session is mutex-guarded. Blocking methods must not run on a runtime thread;
// the Co* forms (sf_client_coro.h) are for code on the client's io_context.
// The HttpClient must outlive this client. Secrets never appear in errors.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "io/http/http_client.h"
#include "io/salesforce/sf_protocol.h"

namespace crm::io::salesforce {

// Salesforce answers a request whose target (path and query string) is
// longer than this with 414 URI Too Long; the client fails such a request
// before sending it (CallError kBadRequest, provider_code URI_TOO_LONG, not
// retryable). Salesforce also counts the target and the header fields
// together against the same number (431 beyond), so callers that can choose
// their length keep some room for the headers.
inline constexpr size_t kMaxRequestTargetBytes = 16384;
inline constexpr const char* kUriTooLongCode = "URI_TOO_LONG";

struct QueryOptions {
  bool include_deleted = false;  // queryAll
  size_t max_records = 100000;   // stop following nextRecordsUrl beyond this
};

struct QueryResult {
  long long total_size = 0;   // server's count for the whole result set
  std::string records_json;   // JSON array text of the fetched records, in order
  size_t record_count = 0;
  int pages = 0;
  bool truncated = false;     // max_records stopped the pagination
  // When the first page held the whole result: that page's body as the org
  // sent it ({"totalSize", "done", "records"}); empty otherwise.
  std::string body;
};

template <typename T>
using SfResult = Expected<T, CallError>;

class SalesforceClient {
 public:
  SalesforceClient(HttpClient& http, SalesforceConfig config);

  SfResult<Session> Login();
  SfResult<QueryResult> Query(std::string_view soql, QueryOptions options = {});
  SfResult<std::string> Search(std::string_view sosl);   // the raw JSON body
  SfResult<std::string> Get(std::string_view path);      // e.g. "/limits" under the versioned base

  // The request targets of a query and a search (what the length limit applies to).
  std::string QueryPath(std::string_view soql, bool include_deleted = false) const;
  std::string SearchPath(std::string_view sosl) const;

  std::optional<ApiUsage> last_api_usage() const;
  std::optional<Session> session() const;
  // The same without copying its strings (null when there is none): what
  // each request reads.
  std::shared_ptr<const Session> shared_session() const;
  int logins() const;  // successful logins so far (re-logins included)

  // Internals shared with the coroutine forms.
  HttpClient& http() { return http_; }
  const SalesforceConfig& config() const { return config_; }
  void SetSession(Session session);
  // Forgets the session if its token is still `failed_token`.
  void InvalidateSession(const std::string& failed_token);
  void RecordUsage(const Headers& headers);
  std::string Redact(std::string text) const;  // strips password, token and session

 private:
  HttpClient& http_;
  const SalesforceConfig config_;
  mutable std::mutex mu_;
  std::shared_ptr<const Session> session_;  // guarded by mu_; replaced whole, never changed in place
  std::optional<ApiUsage> usage_;    // guarded by mu_
  int logins_ = 0;                   // guarded by mu_
};

}  // namespace crm::io::salesforce
