// io/http/connection.h — internal: one client connection (plain TCP or TLS,
// optionally tunnelled through an HTTPS proxy) and the request/response
// exchange on it. Used by exactly one coroutine at a time, on the strand the
// connection was created with (the origin's strand).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <optional>

#include "io/http/deadline_watch.h"
#include "io/http/http_client.h"
#include "io/http/tls.h"
#include "io/http/wire_request.h"

namespace crm::io::internal {

using Clock = std::chrono::steady_clock;

struct ExchangeOutcome {
  std::optional<HttpResult> result;  // always set on return
  bool keep_alive = false;           // the connection may serve another request
  bool got_bytes = false;            // any response byte arrived
};

// An exchange's deadlines (the read timeout per step, the request's total)
// are kept by the origin's DeadlineWatch; connect, proxy CONNECT and the TLS
// handshake use the stream's own timer (once per connection).
class Connection : private Watched {
 public:
  Connection(boost::asio::any_io_executor executor, SslContextPtr tls, std::shared_ptr<DeadlineWatch> watch);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Resolves, connects (through `proxy` when set), and for TLS handshakes
  // with SNI and hostname verification. nullopt on success.
  boost::asio::awaitable<std::optional<HttpError>> Open(const Url& target, const Url* proxy,
                                                        const ClientOptions& options,
                                                        Clock::time_point deadline);
  // Writes `request` (head and body in one gather write) and reads one
  // response under the options' limits. `request` and `options` must outlive
  // the returned awaitable.
  boost::asio::awaitable<ExchangeOutcome> Exchange(const WireRequest& request,
                                                   const ClientOptions& options,
                                                   Clock::time_point deadline);
  // True when the peer closed (or the socket broke) while the connection idled.
  bool IsStale();
  void Close();
  void MarkIdle() { idle_since_ = Clock::now(); }
  Clock::duration IdleFor() const { return Clock::now() - idle_since_; }

 private:
  boost::beast::tcp_stream& Tcp();
  // The watch's deadline passed: close the socket so the pending operation ends.
  void OnDeadline() override;
  void StopWatching();
  // Arms the stream timer for min(step, deadline); false if the deadline passed.
  bool ArmTimer(std::chrono::milliseconds step, Clock::time_point deadline);
  // The same for an exchange step, kept by the origin's watch instead.
  bool WatchNextStep(std::chrono::milliseconds step, Clock::time_point deadline);
  boost::asio::awaitable<std::optional<HttpError>> Connect(const std::string& host, int port,
                                                           const ClientOptions& options,
                                                           Clock::time_point deadline);
  boost::asio::awaitable<std::optional<HttpError>> Tunnel(const Url& target,
                                                          const ClientOptions& options,
                                                          Clock::time_point deadline);
  template <typename Stream>
  boost::asio::awaitable<ExchangeOutcome> ExchangeOn(Stream& stream, const WireRequest& request,
                                                     const ClientOptions& options,
                                                     Clock::time_point deadline);

  SslContextPtr tls_ctx_;
  std::shared_ptr<DeadlineWatch> watch_;
  bool timed_out_ = false;  // OnDeadline closed the socket during this exchange
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
  boost::beast::flat_buffer buffer_;
  Clock::time_point idle_since_ = Clock::now();
};

}  // namespace crm::io::internal
