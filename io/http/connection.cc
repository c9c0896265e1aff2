#include "io/http/connection.h"

#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <iterator>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace crm::io::internal {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::system::error_code;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

namespace {

HttpError MakeError(HttpErrorCode code, std::string what, const error_code& ec) {
  return HttpError{code, ec ? what + ": " + ec.message() : std::move(what)};
}

HttpErrorCode ClassifyReadError(const error_code& ec) {
  if (ec == beast::error::timeout) return HttpErrorCode::kTimeout;
  if (ec == net::error::operation_aborted) return HttpErrorCode::kCancelled;
  if (ec == http::error::body_limit || ec == http::error::header_limit ||
      ec == http::error::buffer_overflow) {
    return HttpErrorCode::kTooLarge;
  }
  error_code http_error = http::error::end_of_stream;
  if (ec.category() == http_error.category() && ec != http::error::end_of_stream &&
      ec != http::error::partial_message) {
    return HttpErrorCode::kProtocol;
  }
  return HttpErrorCode::kConnectionClosed;
}

HttpResponse ToResponse(http::response<http::string_body>&& message) {
  HttpResponse out;
  out.status = static_cast<int>(message.result_int());
  out.headers.reserve(static_cast<size_t>(std::distance(message.begin(), message.end())));  // one allocation, not a growth series
  for (const auto& field : message) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(message.body());
  return out;
}

}  // namespace

Connection::Connection(net::any_io_executor executor, SslContextPtr tls, std::shared_ptr<DeadlineWatch> watch)
    : tls_ctx_(std::move(tls)), watch_(std::move(watch)) {
  // Beast reads into whatever the buffer already holds room for, and at least
  // 512 bytes; the parser drains the buffer after each read, so it never
  // grew: every response over 512 bytes took two or more receives (two
  // syscalls and two trips through the reactor for a 1 KB completion). 4 KB
  // holds a typical completion in one read, at 40 MB for 10,000 connections.
  buffer_.reserve(4096);
  if (tls_ctx_) {
    tls_.emplace(executor, *tls_ctx_);
  } else {
    plain_.emplace(executor);
  }
}

Connection::~Connection() { StopWatching(); }

void Connection::StopWatching() { watch_->Unwatch(*this); }

void Connection::OnDeadline() {
  timed_out_ = true;
  error_code ignored;
  Tcp().socket().close(ignored);  // the pending read or write completes with an error
}

beast::tcp_stream& Connection::Tcp() { return tls_ ? beast::get_lowest_layer(*tls_) : *plain_; }

bool Connection::ArmTimer(std::chrono::milliseconds step, Clock::time_point deadline) {
  auto now = Clock::now();
  if (now >= deadline) return false;
  auto until = std::min(now + step, deadline);
  Tcp().expires_after(until - now);
  return true;
}

net::awaitable<std::optional<HttpError>> Connection::Connect(const std::string& host, int port,
                                                             const ClientOptions& options,
                                                             Clock::time_point deadline) {
  net::ip::tcp::resolver resolver(Tcp().get_executor());
  auto [rec, endpoints] = co_await resolver.async_resolve(host, std::to_string(port), kTuple);
  if (rec) co_return MakeError(HttpErrorCode::kResolve, "resolve " + host, rec);
  if (!ArmTimer(options.connect_timeout, deadline)) {
    co_return HttpError{HttpErrorCode::kTimeout, "total deadline passed before connect"};
  }
  auto [cec, endpoint] = co_await Tcp().async_connect(endpoints, kTuple);
  (void)endpoint;
  if (cec == beast::error::timeout) co_return MakeError(HttpErrorCode::kTimeout, "connect", cec);
  if (cec) co_return MakeError(HttpErrorCode::kConnect, "connect " + host, cec);
  error_code ignored;
  Tcp().socket().set_option(net::ip::tcp::no_delay(true), ignored);
  co_return std::nullopt;
}

net::awaitable<std::optional<HttpError>> Connection::Tunnel(const Url& target,
                                                            const ClientOptions& options,
                                                            Clock::time_point deadline) {
  std::string authority = target.host + ":" + std::to_string(target.port);
  http::request<http::empty_body> req{http::verb::connect, authority, 11};
  req.set(http::field::host, authority);
  req.set(http::field::user_agent, options.user_agent);
  if (!ArmTimer(options.connect_timeout, deadline)) {
    co_return HttpError{HttpErrorCode::kTimeout, "deadline passed during proxy CONNECT"};
  }
  auto [wec, written] = co_await http::async_write(Tcp(), req, kTuple);
  (void)written;
  if (wec) co_return MakeError(HttpErrorCode::kProxy, "proxy CONNECT write", wec);
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // a CONNECT response has no body
  auto [rec, read] = co_await http::async_read_header(Tcp(), buffer_, parser, kTuple);
  (void)read;
  if (rec) co_return MakeError(HttpErrorCode::kProxy, "proxy CONNECT read", rec);
  if (parser.get().result_int() != 200) {
    co_return HttpError{HttpErrorCode::kProxy,
                        "proxy refused CONNECT with status " + std::to_string(parser.get().result_int())};
  }
  co_return std::nullopt;
}

net::awaitable<std::optional<HttpError>> Connection::Open(const Url& target, const Url* proxy,
                                                          const ClientOptions& options,
                                                          Clock::time_point deadline) {
  const Url& first_hop = proxy ? *proxy : target;
  if (auto err = co_await Connect(first_hop.host, first_hop.port, options, deadline)) co_return err;
  if (proxy) {
    if (auto err = co_await Tunnel(target, options, deadline)) co_return err;
  }
  if (tls_) {
    if (!ConfigureClientSsl(tls_->native_handle(), target.host)) {
      co_return HttpError{HttpErrorCode::kTls, "cannot set TLS host verification: " + LastSslErrorText()};
    }
    if (!ArmTimer(options.connect_timeout, deadline)) {
      co_return HttpError{HttpErrorCode::kTimeout, "deadline passed before TLS handshake"};
    }
    auto [hec] = co_await tls_->async_handshake(net::ssl::stream_base::client, kTuple);
    if (hec == beast::error::timeout) co_return MakeError(HttpErrorCode::kTimeout, "TLS handshake", hec);
    if (hec) co_return MakeError(HttpErrorCode::kTls, "TLS handshake with " + target.host, hec);
  }
  Tcp().expires_never();  // from here on the origin's watch keeps the deadlines
  co_return std::nullopt;
}

bool Connection::WatchNextStep(std::chrono::milliseconds step, Clock::time_point deadline) {
  const Clock::time_point now = Clock::now();
  if (now >= deadline) return false;
  watch_->Watch(*this, std::min(now + step, deadline));
  return true;
}

template <typename Stream>
net::awaitable<ExchangeOutcome> Connection::ExchangeOn(Stream& stream, const WireRequest& request,
                                                       const ClientOptions& options,
                                                       Clock::time_point deadline) {
  ExchangeOutcome out;
  auto fail = [&out](HttpError err) {
    out.result.emplace(MakeUnexpected(std::move(err)));
    out.keep_alive = false;
    return std::move(out);
  };
  // Each step may take up to the read timeout, all of it no longer than the
  // request's total deadline; the watch closes the socket when one passes.
  auto timeout = [&](const char* what) {
    return HttpError{HttpErrorCode::kTimeout,
                     std::string(what) + (Clock::now() >= deadline ? ": total deadline passed" : ": read timeout passed")};
  };
  struct StopWatchingOnExit {
    Connection* self;
    ~StopWatchingOnExit() { self->StopWatching(); }
  } stop_watching_on_exit{this};
  timed_out_ = false;
  if (!WatchNextStep(options.read_timeout, deadline)) {
    co_return fail({HttpErrorCode::kTimeout, "total deadline passed before sending"});
  }
  const std::array<net::const_buffer, 2> wire{net::buffer(request.head), net::buffer(request.body)};
  auto [wec, written] = co_await net::async_write(stream, wire, kTuple);
  (void)written;
  if (wec) co_return fail(timed_out_ ? timeout("write") : MakeError(ClassifyReadError(wec), "write", wec));
  http::response_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  parser.body_limit(options.max_response_bytes);
  if (!request.expects_body) parser.skip(true);
  while (!parser.is_done()) {
    if (!WatchNextStep(options.read_timeout, deadline)) {
      co_return fail({HttpErrorCode::kTimeout, "total deadline passed while reading"});
    }
    auto [rec, n] = co_await http::async_read_some(stream, buffer_, parser, kTuple);
    if (n > 0 || buffer_.size() > 0) out.got_bytes = true;
    if (rec) {
      if (timed_out_) co_return fail(timeout("read"));
      bool total = Clock::now() >= deadline;
      co_return fail(MakeError(ClassifyReadError(rec), total ? "read (total deadline)" : "read", rec));
    }
  }
  out.keep_alive = parser.get().keep_alive();
  out.result.emplace(ToResponse(parser.release()));
  co_return out;
}

net::awaitable<ExchangeOutcome> Connection::Exchange(const WireRequest& request,
                                                     const ClientOptions& options,
                                                     Clock::time_point deadline) {
  // Not a coroutine itself: it hands back the stream's, saving a frame per request.
  if (tls_) return ExchangeOn(*tls_, request, options, deadline);
  return ExchangeOn(*plain_, request, options, deadline);
}

bool Connection::IsStale() {
  auto& socket = Tcp().socket();
  if (!socket.is_open()) return true;
  char byte;
  ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return true;                                   // orderly close by the peer
  if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;  // reset or broken
  return !tls_;  // unsolicited bytes on idle plain HTTP; TLS may carry tickets
}

void Connection::Close() {
  error_code ignored;
  Tcp().socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  Tcp().close();
}

}  // namespace crm::io::internal
