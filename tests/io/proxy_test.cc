// HTTPS through an HTTP CONNECT proxy: a tiny tunnelling proxy written here,
// our TLS server behind it, certificate verification on end to end.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>

#include <boost/asio.hpp>

#include "io/http/http_client.h"
#include "io/http/http_server.h"
#include "io/runtime.h"
#include "tests/io/test_util.h"

namespace crm::io {
namespace {
namespace net = boost::asio;
using tcp = net::ip::tcp;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

class ConnectProxy {
 public:
  explicit ConnectProxy(bool refuse) : refuse_(refuse), runtime_(1),
      acceptor_(runtime_.context(), tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    net::co_spawn(runtime_.context(), Accept(), net::detached);
  }
  ~ConnectProxy() { runtime_.Stop(); }
  int port() const { return acceptor_.local_endpoint().port(); }
  std::string last_target() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_target_;
  }
  std::atomic<int> tunnels{0};

 private:
  struct Pair {
    explicit Pair(tcp::socket c) : client(std::move(c)), upstream(client.get_executor()) {}
    tcp::socket client, upstream;
  };

  net::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(kTuple);
      if (ec) co_return;
      net::co_spawn(runtime_.context(), Tunnel(std::make_shared<Pair>(std::move(socket))), net::detached);
    }
  }

  net::awaitable<void> Tunnel(std::shared_ptr<Pair> pair) {
    std::string head;
    auto [rec, n] = co_await net::async_read_until(pair->client, net::dynamic_buffer(head), "\r\n\r\n", kTuple);
    if (rec) co_return;
    std::string line = head.substr(0, head.find("\r\n"));  // CONNECT host:port HTTP/1.1
    std::string target = line.substr(8, line.rfind(' ') - 8);
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_target_ = target;
    }
    if (refuse_) {
      co_await net::async_write(pair->client, net::buffer(std::string("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")), kTuple);
      co_return;
    }
    std::string host = target.substr(0, target.rfind(':'));
    std::string port = target.substr(target.rfind(':') + 1);
    tcp::resolver resolver(pair->client.get_executor());
    auto [dec, endpoints] = co_await resolver.async_resolve(host, port, kTuple);
    if (dec) co_return;
    auto [cec, ep] = co_await net::async_connect(pair->upstream, endpoints, kTuple);
    if (cec) co_return;
    ++tunnels;
    co_await net::async_write(pair->client, net::buffer(std::string("HTTP/1.1 200 Connection established\r\n\r\n")), kTuple);
    net::co_spawn(runtime_.context(), Pump(pair, true), net::detached);
    co_await Pump(pair, false);
  }

  static net::awaitable<void> Pump(std::shared_ptr<Pair> pair, bool upstream_to_client) {
    tcp::socket& from = upstream_to_client ? pair->upstream : pair->client;
    tcp::socket& to = upstream_to_client ? pair->client : pair->upstream;
    char buffer[16384];
    for (;;) {
      auto [ec, n] = co_await from.async_read_some(net::buffer(buffer), kTuple);
      if (ec) break;
      auto [wec, m] = co_await net::async_write(to, net::buffer(buffer, n), kTuple);
      if (wec) break;
    }
    boost::system::error_code ignored;
    to.shutdown(tcp::socket::shutdown_send, ignored);
  }

  bool refuse_;
  IoRuntime runtime_;
  tcp::acceptor acceptor_;
  std::mutex mu_;
  std::string last_target_;
};

class ProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    certs_ = testing::MakeTestCerts();
    ASSERT_FALSE(certs_.dir.empty()) << "openssl CLI failed";
    ServerOptions options;
    options.tls_cert_chain_file = certs_.server_cert;
    options.tls_key_file = certs_.server_key;
    server_ = std::make_unique<HttpServer>(options, [](const ServerRequest&) {
      ServerResponse res;
      res.body = "through the tunnel";
      return res;
    });
    auto port = server_->Start();
    ASSERT_TRUE(port.ok());
    url_ = "https://localhost:" + std::to_string(port.value()) + "/";
  }
  void TearDown() override { std::filesystem::remove_all(certs_.dir); }
  ClientOptions Options(const ConnectProxy& proxy) {
    ClientOptions options;
    options.ca_file = certs_.ca_file;
    options.https_proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
    return options;
  }
  testing::TestCerts certs_;
  std::unique_ptr<HttpServer> server_;
  std::string url_;
};

TEST_F(ProxyTest, HttpsGoesThroughConnectWithVerification) {
  ConnectProxy proxy(false);
  HttpClient client(Options(proxy));
  HttpRequest req;
  req.url = url_;
  for (int i = 0; i < 2; ++i) {
    HttpResult res = client.Fetch(req);
    ASSERT_TRUE(res.ok()) << res.error().message;
    EXPECT_EQ(res->body, "through the tunnel");
  }
  EXPECT_EQ(proxy.tunnels.load(), 1);  // the tunnelled connection is kept alive
  EXPECT_EQ(proxy.last_target(), url_.substr(8, url_.size() - 9));
}

TEST_F(ProxyTest, RefusedConnectIsAProxyError) {
  ConnectProxy proxy(true);
  HttpClient client(Options(proxy));
  HttpRequest req;
  req.url = url_;
  HttpResult res = client.Fetch(req);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kProxy);
}

TEST_F(ProxyTest, NoProxyHostsGoDirect) {
  ConnectProxy proxy(false);
  ClientOptions options = Options(proxy);
  options.no_proxy = {"localhost"};
  HttpClient client(options);
  HttpRequest req;
  req.url = url_;
  HttpResult res = client.Fetch(req);
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(proxy.tunnels.load(), 0);
}

}  // namespace
}  // namespace crm::io
