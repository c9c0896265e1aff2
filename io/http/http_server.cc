#include "io/http/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <sstream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "io/http/server_limits.h"
#include "io/http/tls.h"
#include "io/runtime.h"

namespace crm::io {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::system::error_code;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

namespace {

ServerRequest ToServerRequest(http::request<http::string_body>&& req, int64_t conn, int index) {
  ServerRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  size_t q = out.target.find('?');
  out.path = out.target.substr(0, q);
  if (q != std::string::npos) out.query = out.target.substr(q + 1);
  for (const auto& field : req) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(req.body());
  out.connection_id = conn;
  out.request_index = index;
  return out;
}

http::response<http::string_body> ToBeastResponse(ServerResponse& res, unsigned version,
                                                  bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(res.status), version};
  for (const auto& [name, value] : res.headers) out.insert(name, value);
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive);
  if (res.chunked) {
    out.chunked(true);
  } else {
    out.prepare_payload();
  }
  return out;
}

}  // namespace

class HttpServerImpl {
 public:
  HttpServerImpl(ServerOptions options, ServerHandler handler)
      : options_(std::move(options)), handler_(std::move(handler)) {}

  Result<int> Start() {
    if (!options_.tls_cert_chain_file.empty()) {
      auto ctx = internal::MakeServerTlsContext(options_.tls_cert_chain_file, options_.tls_key_file);
      if (!ctx.ok()) return Status::InvalidArgument(ctx.error().message);
      tls_ = ctx.value();
    }
    runtime_ = std::make_unique<IoRuntime>(options_.threads);
    error_code ec;
    auto address = net::ip::make_address(options_.bind_address, ec);
    if (ec) return Status::InvalidArgument("bad bind address: " + options_.bind_address);
    acceptor_.emplace(net::make_strand(runtime_->context()));
    tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (!ec) acceptor_->listen(net::socket_base::max_listen_connections, ec);
    if (ec) return Status::IoError("cannot listen on " + options_.bind_address + ":" +
                                   std::to_string(options_.port) + ": " + ec.message());
    port_ = acceptor_->local_endpoint().port();
    net::co_spawn(acceptor_->get_executor(), Accept(), net::detached);
    return port_;
  }

  void Stop() {
    if (!runtime_) return;
    runtime_->Stop();
    acceptor_.reset();
    runtime_.reset();
  }

  int port() const { return port_; }
  bool tls() const { return tls_ != nullptr; }
  const std::string& bind_address() const { return options_.bind_address; }
  std::atomic<int64_t> accepted{0};
  std::atomic<int64_t> served{0};

 private:
  net::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_->async_accept(net::make_strand(runtime_->context()), kTuple);
      if (ec == net::error::operation_aborted) co_return;
      if (ec) continue;
      int64_t id = ++accepted;
      auto executor = socket.get_executor();
      net::co_spawn(executor, Session(std::move(socket), id), net::detached);
    }
  }

  net::awaitable<void> Session(tcp::socket socket, int64_t id) {
    try {
      error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (!tls_) {
        beast::tcp_stream stream(std::move(socket));
        co_await Serve(stream, stream, id);
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        co_return;
      }
      beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls_);
      beast::get_lowest_layer(stream).expires_after(options_.idle_timeout);
      auto [hec] = co_await stream.async_handshake(net::ssl::stream_base::server, kTuple);
      if (hec) co_return;
      co_await Serve(stream, beast::get_lowest_layer(stream), id);
      beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    } catch (const std::exception&) {
      // A session never takes the server down.
    }
  }

  template <typename Stream>
  net::awaitable<void> Serve(Stream& stream, beast::tcp_stream& lowest, int64_t id) {
    beast::flat_buffer buffer;
    // Room for a typical request in one or two reads: without it Beast reads
    // 512 bytes at a time (the parser drains the buffer, so it never grows),
    // 32 receives for a 16 KB chat request.
    buffer.reserve(8192);
    for (int index = 0;; ++index) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(internal::HeadLimit(options_)));
      parser.body_limit(options_.max_request_bytes);
      lowest.expires_after(options_.idle_timeout);
      if (std::optional<ReadEnd> end = co_await ReadRequest(stream, buffer, parser)) {
        if (end->rejected) co_await Reject(stream, lowest, *end->rejected);
        co_return;
      }
      lowest.expires_never();
      http::request<http::string_body> req = parser.release();
      unsigned version = req.version();
      bool keep_alive = req.keep_alive();
      ServerResponse res = CallHandler(ToServerRequest(std::move(req), id, index));
      if (res.delay.count() > 0) {
        net::steady_timer timer(lowest.get_executor(), res.delay);
        auto [tec] = co_await timer.async_wait(kTuple);
        if (tec) co_return;
      }
      if (res.drop) co_return;
      keep_alive = keep_alive && !res.close;
      std::optional<size_t> truncate_at = res.truncate_body_at;
      auto message = ToBeastResponse(res, version, keep_alive);
      lowest.expires_after(options_.idle_timeout);
      if (truncate_at) {
        co_await WriteTruncated(stream, message, *truncate_at);
        co_return;
      }
      auto [wec, written] = co_await http::async_write(stream, message, kTuple);
      (void)written;
      ++served;
      if (wec || !keep_alive) co_return;
    }
  }

  // Why a connection stops reading: a request owed an answer, or none when
  // the peer is gone (closed, reset, timed out) or the server is stopping.
  struct ReadEnd {
    std::optional<RejectedRequest> rejected;
  };

  // Reads one request into `parser`: the head first, so a head over the
  // limits is answered before its body is read; nullopt once it is read.
  template <typename Stream>
  net::awaitable<std::optional<ReadEnd>> ReadRequest(Stream& stream, beast::flat_buffer& buffer,
                                                     http::request_parser<http::string_body>& parser) {
    auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    (void)hn;
    if (hec) co_return ReadEnd{internal::RejectionForReadError(hec, Unread(buffer), options_)};
    const auto& head = parser.get();
    if (auto over = internal::RejectionForHead(head.target().size(), HeaderFieldBytes(head), options_)) {
      co_return ReadEnd{std::move(over)};
    }
    auto [rec, n] = co_await http::async_read(stream, buffer, parser, kTuple);
    (void)n;
    if (rec) co_return ReadEnd{internal::RejectionForReadError(rec, Unread(buffer), options_)};
    co_return std::nullopt;
  }

  static std::string_view Unread(const beast::flat_buffer& buffer) {
    return {static_cast<const char*>(buffer.data().data()), buffer.data().size()};
  }

  static size_t HeaderFieldBytes(const http::request<http::string_body>& req) {
    size_t bytes = 0;
    for (const auto& field : req) bytes += field.name_string().size() + field.value().size() + 4;  // ": ", CRLF
    return bytes;
  }

  // Answers a request the handler never sees (server_limits.h), then closes
  // in the lingering way: the send side first, then what the client is still
  // sending (the rest of a 100 KB target) is read and dropped until it closes
  // too, for at most a few seconds and 4 MiB. Closing with unread bytes makes
  // the kernel reset the connection, and the reset drops whatever of our
  // answer is not yet delivered (on a real network; loopback delivers at once,
  // so the tests cannot show the loss).
  template <typename Stream>
  net::awaitable<void> Reject(Stream& stream, beast::tcp_stream& lowest, const RejectedRequest& rejected) {
    ServerResponse res = options_.reject ? options_.reject(rejected) : internal::PlainRejection(rejected);
    res.status = rejected.status;
    auto message = ToBeastResponse(res, 11, false);
    lowest.expires_after(options_.idle_timeout);
    auto [wec, written] = co_await http::async_write(stream, message, kTuple);
    (void)written;
    if (wec) co_return;
    error_code ignored;
    lowest.socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest.expires_after(std::min<std::chrono::milliseconds>(options_.idle_timeout, std::chrono::seconds(5)));
    std::array<char, 16384> sink;
    for (size_t drained = 0; drained < (4u << 20);) {
      auto [rec, n] = co_await lowest.async_read_some(net::buffer(sink), kTuple);
      if (rec) break;
      drained += n;
    }
  }

  template <typename Stream>
  static net::awaitable<void> WriteTruncated(Stream& stream, http::response<http::string_body>& message,
                                             size_t body_bytes) {
    std::ostringstream text;
    text << message.base();  // the head, ending with the blank line
    std::string wire = text.str() + message.body().substr(0, body_bytes);
    auto [ec, n] = co_await net::async_write(stream, net::buffer(wire), kTuple);
    (void)ec;
    (void)n;
  }

  ServerResponse CallHandler(const ServerRequest& request) {
    try {
      return handler_(request);
    } catch (const std::exception& e) {
      ServerResponse res;
      res.status = 500;
      res.headers.emplace_back("Content-Type", "text/plain");
      res.body = std::string("handler failed: ") + e.what();
      return res;
    }
  }

  ServerOptions options_;
  ServerHandler handler_;
  internal::SslContextPtr tls_;
  std::unique_ptr<IoRuntime> runtime_;
  std::optional<tcp::acceptor> acceptor_;
  int port_ = 0;
};

HttpServer::HttpServer(ServerOptions options, ServerHandler handler)
    : impl_(std::make_unique<HttpServerImpl>(std::move(options), std::move(handler))) {}
HttpServer::~HttpServer() { Stop(); }
Result<int> HttpServer::Start() { return impl_->Start(); }
void HttpServer::Stop() { impl_->Stop(); }
int HttpServer::port() const { return impl_->port(); }
std::string HttpServer::BaseUrl() const {
  const std::string& bind = impl_->bind_address();
  std::string host = bind == "0.0.0.0" || bind == "::" ? "127.0.0.1" : bind;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(impl_->tls() ? "https" : "http") + "://" + host + ":" + std::to_string(port());
}
int64_t HttpServer::connections_accepted() const { return impl_->accepted.load(); }
int64_t HttpServer::requests_served() const { return impl_->served.load(); }

}  // namespace crm::io
