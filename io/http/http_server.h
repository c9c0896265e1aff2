// io/http/http_server.h — a small HTTP/1.1 server (one coroutine per
// connection, keep-alive, optional TLS) for the local Salesforce-compatible
// and simulated-LLM endpoints, and for tests.
//
// Ownership: the server owns its io runtime (`threads` threads) and stops
// them in Stop()/the destructor. The handler runs on those threads, possibly
// concurrently for different connections, and must be thread-safe; it should
// not block (use ServerResponse::delay for simulated latency). Start/Stop from
// one controlling thread, never from inside the handler.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "io/http/http_types.h"

namespace crm::io {

struct ServerRequest {
  std::string method;
  std::string target;  // as sent: path?query
  std::string path;    // before '?', not percent-decoded
  std::string query;   // after '?', not decoded
  Headers headers;
  std::string body;
  int64_t connection_id = 0;  // 1, 2, ... in accept order
  int request_index = 0;      // 0 for the first request on a connection
};

struct ServerResponse {
  int status = 200;
  Headers headers;  // Content-Type etc.; Content-Length/Transfer-Encoding are set by the server
  std::string body;
  std::chrono::milliseconds delay{0};  // wait before answering, without blocking a thread
  bool chunked = false;  // send the body with Transfer-Encoding: chunked
  bool close = false;    // answer with Connection: close and close afterwards
  bool drop = false;     // close the connection without answering (fault injection)
  // Fault injection: send the head (with the full Content-Length) and only
  // this many body bytes, then close.
  std::optional<size_t> truncate_body_at;
};

using ServerHandler = std::function<ServerResponse(const ServerRequest&)>;

// A request the server answers itself, without calling the handler, because
// it cannot or will not read it: 400 (malformed request line or header),
// 413 (body over max_request_bytes), 414 (target over max_target_bytes),
// 431 (header fields over max_header_bytes). The connection closes after the
// answer; other connections and new ones are served as before.
struct RejectedRequest {
  int status = 400;
  std::string reason;  // plain words, e.g. "the request target is 20480 bytes, more than 16384"
};
using RejectHandler = std::function<ServerResponse(const RejectedRequest&)>;

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  int port = 0;  // 0: the OS picks a free port; read it from port()
  int threads = 1;
  std::string tls_cert_chain_file;  // both set: serve HTTPS
  std::string tls_key_file;
  size_t max_request_bytes = 64u << 20;  // body; larger: 413
  // Request head limits. The defaults are Salesforce's URI limit for the
  // target (path and query string), and the same again for the header fields
  // in total (names, values and separators). Beast's own default, 8 KB for
  // the whole head, closed the connection without an answer.
  size_t max_target_bytes = 16384;  // longer: 414
  size_t max_header_bytes = 16384;  // larger: 431
  // Builds the answer to a rejected request (the server sets Connection:
  // close); unset: text/plain with the reason. Runs on the server's threads.
  RejectHandler reject;
  std::chrono::milliseconds idle_timeout{60000};  // close keep-alive connections idle this long
};

class HttpServerImpl;

class HttpServer {
 public:
  HttpServer(ServerOptions options, ServerHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts serving; returns the bound port.
  Result<int> Start();
  // Stops accepting and drops every connection. Idempotent.
  void Stop();

  int port() const;
  std::string BaseUrl() const;  // "http(s)://<bind address>:<port>" (127.0.0.1 for a wildcard bind)
  int64_t connections_accepted() const;
  int64_t requests_served() const;

 private:
  std::unique_ptr<HttpServerImpl> impl_;
};

}  // namespace crm::io
