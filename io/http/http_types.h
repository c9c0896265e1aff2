// io/http/http_types.h — plain HTTP request/response values, URLs and the
// transport error taxonomy shared by the client, the server and the adapters.
//
// Value types with no shared state: build them on any thread and move them
// across threads. Header names compare case-insensitively (FindHeader).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/call_error.h"
#include "io/expected.h"

namespace crm::io {

using Headers = std::vector<std::pair<std::string, std::string>>;

// First header named `name` (ASCII case-insensitive), or nullopt.
std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

struct Url {
  std::string scheme;  // "http" | "https"
  std::string host;    // without brackets for IPv6 literals
  int port = 0;        // explicit or the scheme default
  std::string target;  // path + query, at least "/"
  bool tls() const { return scheme == "https"; }
  std::string Origin() const;  // "https://host:port"
};
// Parses absolute http(s) URLs; nullopt for anything else.
std::optional<Url> ParseUrl(std::string_view text);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: https://host[:port]/path?query
  Headers headers;  // Host, Content-Length and User-Agent are added if absent
  std::string body;
  // Per-request override of ClientOptions::total_timeout (0 = use the option).
  std::chrono::milliseconds total_timeout{0};
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
  bool reused_connection = false;  // served on a kept-alive connection
  int attempts = 1;                // 2 when the stale-connection retry happened
};

enum class HttpErrorCode {
  kInvalidUrl,
  kInvalidRequest,  // a method or header field that cannot be sent safely (CR/LF, not a token)
  kResolve,        // DNS failure
  kConnect,        // TCP connect refused/unreachable
  kTls,            // handshake or certificate verification failed
  kProxy,          // HTTPS proxy refused the CONNECT
  kTimeout,        // a connect/read/total deadline passed
  kQueueTimeout,   // no connection slot for the origin before the deadline
  kConnectionClosed,  // peer closed or reset before a complete response
  kProtocol,       // malformed HTTP
  kTooLarge,       // response header or body above the cap
  kCancelled,      // the client or its runtime is shutting down
};
const char* HttpErrorCodeName(HttpErrorCode code);

struct HttpError {
  HttpErrorCode code = HttpErrorCode::kConnectionClosed;
  std::string message;  // no request headers or bodies (may hold secrets)
};

using HttpResult = Expected<HttpResponse, HttpError>;

// Transport failure -> provider-neutral call error (timeouts and closed
// connections retryable, bad URL/TLS/size fatal, shutdown cancelled).
CallError ToCallError(const HttpError& error);

}  // namespace crm::io
