#include "io/http/http_client.h"

#include <atomic>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/json_scratch.h"
#include "io/http/http_client_coro.h"
#include "io/http/origin_pool.h"
#include "io/http/wire_request.h"
#include "io/runtime.h"

namespace crm::io {
namespace net = boost::asio;
using internal::Clock;
using internal::Connection;
using internal::OriginPool;

namespace {

std::vector<std::string> SplitList(const char* text) {
  std::vector<std::string> out;
  if (!text) return out;
  std::string item;
  for (const char* p = text;; ++p) {
    if (*p == ',' || *p == '\0') {
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (!item.empty()) out.push_back(item);
      item.clear();
      if (*p == '\0') break;
    } else if (*p != ' ' || !item.empty()) {
      item += *p;
    }
  }
  return out;
}

bool HostBypassesProxy(const std::string& host, const std::vector<std::string>& no_proxy) {
  for (const std::string& suffix : no_proxy) {
    if (suffix == "*") return true;
    std::string s = suffix[0] == '.' ? suffix.substr(1) : suffix;
    if (host == s) return true;
    if (host.size() > s.size() && host.compare(host.size() - s.size(), s.size(), s) == 0 &&
        host[host.size() - s.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace

ClientOptions ClientOptions::FromEnvironment() {
  ClientOptions options;
  const char* proxy = std::getenv("HTTPS_PROXY");
  if (!proxy) proxy = std::getenv("https_proxy");
  if (proxy) options.https_proxy = proxy;
  const char* no_proxy = std::getenv("NO_PROXY");
  options.no_proxy = SplitList(no_proxy ? no_proxy : std::getenv("no_proxy"));
  return options;
}

class HttpClientImpl {
 public:
  HttpClientImpl(IoRuntime& runtime, ClientOptions options) : runtime_(runtime), options_(std::move(options)) {
    auto tls = internal::MakeClientTlsContext(options_.ca_file);
    if (tls.ok()) {
      tls_ = tls.value();
    } else {
      tls_error_ = tls.error();
    }
    if (!options_.https_proxy.empty()) proxy_ = ParseUrl(options_.https_proxy);
  }

  const ClientOptions& options() const { return options_; }
  net::io_context& context() { return runtime_.context(); }

  OriginPool& PoolFor(const Url& url) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = pools_[url.Origin()];
    if (!slot) slot = std::make_unique<OriginPool>(runtime_.SerialExecutor(), options_);
    return *slot;
  }
  // True when a request may run in the calling coroutine instead of being
  // spawned onto its pool's executor: the runtime has one thread (so pools
  // run on the io_context's own executor) and the caller is on it.
  bool RunsInline() const { return runtime_.threads() == 1 && runtime_.InRuntimeThread(); }

  ClientStats stats() const {
    return {connections_opened_.load(), requests_.load(), reused_.load(), stale_retries_.load(),
            queued_.load()};
  }

  // Runs on the pool's serial executor. Never throws: an exception becomes a
  // kProtocol error (one coroutine, not a wrapper around another: a frame less
  // per request).
  net::awaitable<std::optional<HttpResult>> Run(HttpRequest request, Url url, OriginPool& pool) {
    try {
      if (url.tls() && !tls_) co_return HttpResult(MakeUnexpected(tls_error_));
      auto total = request.total_timeout.count() > 0 ? request.total_timeout : options_.total_timeout;
      Clock::time_point deadline = Clock::now() + total;
      auto wire = internal::ToWireRequest(request, url, options_.user_agent);
      if (!wire.ok()) co_return HttpResult(MakeUnexpected(std::move(wire.error())));
      struct RecycleBodyOnExit {  // the next request body built on this thread reuses its memory
        internal::WireRequest& wire;
        ~RecycleBodyOnExit() { crm::json::RecycleString(std::move(wire.body)); }
      } recycle_body_on_exit{wire.value()};
      ++requests_;
      bool fresh_only = false;
      for (int attempt = 1;; ++attempt) {
        bool queued = false;
        auto lease = co_await pool.Acquire(deadline, fresh_only, &queued);
        if (queued) ++queued_;
        if (!lease.ok()) co_return HttpResult(MakeUnexpected(lease.error()));
        std::unique_ptr<Connection> conn = std::move(lease->connection);
        bool reused = lease->reused;
        if (!conn) {
          conn = std::make_unique<Connection>(pool.serial(), url.tls() ? tls_ : nullptr, pool.watch());
          if (auto err = co_await conn->Open(url, ProxyFor(url), options_, deadline)) {
            pool.Release(nullptr, false);
            co_return HttpResult(MakeUnexpected(std::move(*err)));
          }
          ++connections_opened_;
        }
        internal::ExchangeOutcome outcome = co_await conn->Exchange(wire.value(), options_, deadline);
        HttpResult& result = *outcome.result;
        if (result.ok()) {
          if (reused) ++reused_;
          result->reused_connection = reused;
          result->attempts = attempt;
          pool.Release(std::move(conn), outcome.keep_alive);
          co_return std::move(outcome.result);
        }
        pool.Release(std::move(conn), false);
        bool stale = reused && !outcome.got_bytes && attempt == 1 &&
                     result.error().code == HttpErrorCode::kConnectionClosed;
        if (!stale) co_return std::move(outcome.result);
        ++stale_retries_;
        fresh_only = true;
      }
    } catch (const std::exception& e) {
      co_return HttpResult(MakeUnexpected(HttpError{HttpErrorCode::kProtocol,
                                                    std::string("internal error: ") + e.what()}));
    }
  }

 private:
  const Url* ProxyFor(const Url& url) const {
    if (!url.tls() || !proxy_ || HostBypassesProxy(url.host, options_.no_proxy)) return nullptr;
    return &*proxy_;
  }

  IoRuntime& runtime_;
  const ClientOptions options_;
  internal::SslContextPtr tls_;
  HttpError tls_error_;
  std::optional<Url> proxy_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<OriginPool>> pools_;
  std::atomic<int64_t> connections_opened_{0}, requests_{0}, reused_{0}, stale_retries_{0},
      queued_{0};
};

HttpClient::HttpClient(IoRuntime& runtime, ClientOptions options)
    : runtime_(&runtime),
      impl_(std::make_unique<HttpClientImpl>(runtime, std::move(options))) {}

HttpClient::HttpClient(ClientOptions options)
    : owned_runtime_(std::make_unique<IoRuntime>(1)),
      runtime_(owned_runtime_.get()),
      impl_(std::make_unique<HttpClientImpl>(*owned_runtime_, std::move(options))) {}

HttpClient::~HttpClient() {
  if (owned_runtime_) owned_runtime_->Stop();  // no request runs past this point
}

ClientStats HttpClient::stats() const { return impl_->stats(); }
const ClientOptions& HttpClient::options() const { return impl_->options(); }

void HttpClient::FetchAsync(HttpRequest request, std::function<void(HttpResult)> done) {
  std::optional<Url> url = ParseUrl(request.url);
  if (!url) {
    net::post(impl_->context(), [done = std::move(done)] {
      done(MakeUnexpected(HttpError{HttpErrorCode::kInvalidUrl, "not an absolute http(s) URL"}));
    });
    return;
  }
  OriginPool& pool = impl_->PoolFor(*url);
  auto run = [](HttpClientImpl& impl, HttpRequest req, Url u, OriginPool& p,
                std::function<void(HttpResult)> cb) -> net::awaitable<void> {
    std::optional<HttpResult> result = co_await impl.Run(std::move(req), std::move(u), p);
    cb(std::move(*result));
  };
  net::co_spawn(pool.serial(), run(*impl_, std::move(request), *url, pool, std::move(done)),
                net::detached);
}

HttpResult HttpClient::Fetch(HttpRequest request) {
  std::promise<HttpResult> promise;
  std::future<HttpResult> future = promise.get_future();
  FetchAsync(std::move(request), [&promise](HttpResult r) { promise.set_value(std::move(r)); });
  return future.get();
}

net::awaitable<HttpResult> CoFetch(HttpClient& client, HttpRequest request) {
  std::optional<Url> url = ParseUrl(request.url);
  if (!url) co_return MakeUnexpected(HttpError{HttpErrorCode::kInvalidUrl, "not an absolute http(s) URL"});
  HttpClientImpl& impl = client.impl();
  OriginPool& pool = impl.PoolFor(*url);
  try {
    // Inline when allowed: co_spawn costs a new coroutine thread, a dispatch
    // and a completion per request.
    if (impl.RunsInline()) co_return std::move(*co_await impl.Run(std::move(request), std::move(*url), pool));
    std::optional<HttpResult> result = co_await net::co_spawn(
        pool.serial(), impl.Run(std::move(request), std::move(*url), pool), net::use_awaitable);
    co_return std::move(*result);
  } catch (const std::exception& e) {
    co_return MakeUnexpected(HttpError{HttpErrorCode::kCancelled, e.what()});
  }
}

}  // namespace crm::io
