// io/http/http_client.h — the HTTP/1.1 client pool: keep-alive connections per
// origin (scheme://host:port), at most `max_connections_per_origin` of them,
// further requests queued; TLS with verification; per-step deadlines.
//
// Thread safety: one HttpClient is shared by every caller; FetchAsync and
// Fetch may be called from any thread. Each origin's pool and connections are
// confined to that origin's strand (all its requests run there). Fetch()
// blocks and must not be called on a thread of the client's runtime, nor
// after the runtime stopped. The coroutine API is io/http/http_client_coro.h
// (it includes Asio). Destroy the client only after its requests completed or
// its runtime stopped; abandoned requests never call their callbacks.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/http/http_types.h"

namespace crm::io {

class IoRuntime;
class HttpClientImpl;

struct ClientOptions {
  // Connections open at once per origin; further requests wait in a queue.
  int max_connections_per_origin = 64;
  // Requests waiting for a connection per origin; beyond it they fail fast.
  int max_queued_per_origin = 100000;
  std::chrono::milliseconds connect_timeout{5000};   // TCP connect + TLS handshake
  std::chrono::milliseconds read_timeout{600000};    // max silence while a response is due
  std::chrono::milliseconds idle_timeout{30000};     // kept-alive connections older than this are closed
  std::chrono::milliseconds total_timeout{900000};   // whole request incl. queueing
  size_t max_response_bytes = 64u << 20;              // body cap
  size_t max_header_bytes = 64u << 10;
  // TLS: verification is always on for https. Empty = the system CA store.
  std::string ca_file;
  // HTTPS proxy for https:// origins ("http://proxy:3128"); empty = none.
  // FromEnvironment() fills it from HTTPS_PROXY/https_proxy (NO_PROXY honoured).
  std::string https_proxy;
  std::vector<std::string> no_proxy;  // host suffixes that bypass the proxy
  std::string user_agent = "crmarena-engine/0.1";
  static ClientOptions FromEnvironment();
};

struct ClientStats {
  int64_t connections_opened = 0;
  int64_t requests = 0;
  int64_t reused = 0;          // served on a kept-alive connection
  int64_t stale_retries = 0;   // retried once on a fresh connection
  int64_t queued = 0;          // had to wait for a connection slot
};

class HttpClient {
 public:
  // Runs on `runtime` (not owned; must outlive the client).
  HttpClient(IoRuntime& runtime, ClientOptions options);
  // Owns a private one-thread runtime (CLI and tests).
  explicit HttpClient(ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Starts `request`; `done` runs exactly once on a runtime thread.
  void FetchAsync(HttpRequest request, std::function<void(HttpResult)> done);
  // Blocking convenience. REQUIRES: not called on a runtime thread.
  HttpResult Fetch(HttpRequest request);

  ClientStats stats() const;
  const ClientOptions& options() const;
  HttpClientImpl& impl() { return *impl_; }
  // The runtime the client runs on (its own one for the one-argument ctor).
  IoRuntime& runtime() { return *runtime_; }

 private:
  std::unique_ptr<IoRuntime> owned_runtime_;
  IoRuntime* runtime_;
  std::unique_ptr<HttpClientImpl> impl_;
};

}  // namespace crm::io
