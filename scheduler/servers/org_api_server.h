// scheduler/servers/org_api_server.h — `crmarena serve org`: a
// Salesforce-compatible API over the local org, so real clients (jsforce,
// simple_salesforce, our own Salesforce client) work against it: SOAP
// partner login and OAuth2 password grant for one configured user
// (password + security token, as against a real org), REST query,
// queryMore, queryAll, search, sobjects describe and limits, with
// Sforce-Limit-Info on every data response; sessions required on data calls.
// Optional fault injection: latency, sessions that expire, API-limit errors.
// Request targets up to 16,384 bytes are served (io::ServerOptions); a longer
// one, over-large header fields or a malformed head get 414, 431 or 400 with
// a REST error body, and the connection closes after the answer.
//
// Handle() is thread-safe: SOQL runs on a pool of read-only OrgSessions
// (one per concurrent request) sharing one cursor store. Binds 127.0.0.1
// unless told otherwise. Session ids never appear in logs or errors.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "io/http/http_server.h"

namespace crm::org {
class Schema;
}  // namespace crm::org

namespace crm::soql {
class OrgSession;
class CursorStore;
}  // namespace crm::soql

namespace crm::servers {

struct OrgApiOptions {
  std::string org_path;
  std::string username = "agent@crmarena.local";
  std::string password = "crmarena";
  std::string security_token = "LOCALTOKEN";
  std::string org_name = "CRMArena Local Org";
  int64_t daily_api_limit = 15000;        // REQUEST_LIMIT_EXCEEDED beyond it
  double session_ttl_seconds = 7200;      // INVALID_SESSION_ID after this (soak tests use seconds)
  int64_t session_max_calls = 0;          // INVALID_SESSION_ID after this many API calls (0: no limit); a
                                          // timing-free way for tests to make sessions expire mid-run
  std::chrono::milliseconds latency{0};   // added to every data response
  int page_size = 2000;                   // records per query page (200..2000; smaller forces queryMore)
};

class OrgApiServer {
 public:
  static Result<std::unique_ptr<OrgApiServer>> Create(OrgApiOptions options);
  ~OrgApiServer();

  io::ServerResponse Handle(const io::ServerRequest& request);
  Result<int> Start(io::ServerOptions options);
  void Stop();
  std::string BaseUrl() const;
  int64_t api_calls() const { return api_calls_.load(); }
  // Calls of the org's other users, counted against the same daily limit
  // (tests spend the limit from outside a sweep with it).
  void AddApiCalls(int64_t n) { api_calls_ += n; }
  int64_t logins() const { return logins_.load(); }

 private:
  explicit OrgApiServer(OrgApiOptions options);
  struct Session {
    std::chrono::steady_clock::time_point expires;
    int64_t calls = 0;
  };
  io::ServerResponse SoapLogin(const io::ServerRequest& request);
  io::ServerResponse OAuthToken(const io::ServerRequest& request);
  io::ServerResponse Data(const io::ServerRequest& request);
  std::string NewSession();
  bool ValidSession(const io::ServerRequest& request);
  std::string InstanceUrl(const io::ServerRequest& request) const;
  std::unique_ptr<soql::OrgSession> AcquireSession();
  void ReleaseSession(std::unique_ptr<soql::OrgSession> session);

  OrgApiOptions options_;
  std::shared_ptr<const org::Schema> schema_;  // the org file's own, for describe
  std::shared_ptr<soql::CursorStore> cursors_;
  std::mutex mu_;
  std::vector<std::unique_ptr<soql::OrgSession>> idle_sessions_;  // guarded by mu_
  std::map<std::string, Session> sessions_;                       // guarded by mu_
  std::atomic<int64_t> api_calls_{0}, logins_{0};
  std::atomic<uint64_t> session_counter_{0};
  std::unique_ptr<io::HttpServer> server_;
};

// Percent-decoding of one query-string value ('+' is a space).
std::string UrlDecode(std::string_view text);
// The value of `key` in a query string or form body, decoded; "" when absent.
std::string FormValue(std::string_view query, std::string_view key);

}  // namespace crm::servers
