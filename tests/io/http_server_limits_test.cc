// The HTTP server's request limits over real sockets: a target over
// max_target_bytes gets 414, header fields over max_header_bytes 431, a
// malformed head 400, a body over the limit 413, each with the reject
// handler's body (or the plain default) before the connection closes; a
// target at the limit reaches the handler; the server keeps serving.
#include "io/http/http_server.h"

#include <gtest/gtest.h>

#include <atomic>

#include "tests/io/raw_http.h"

namespace crm::io {
namespace {

using crm::testing::RawExchange;

class ServerLimits : public ::testing::Test {
 protected:
  void Start(ServerOptions options) {
    server_ = std::make_unique<HttpServer>(std::move(options), [this](const ServerRequest& r) {
      ++handled_;
      ServerResponse res;
      res.body = "target " + std::to_string(r.target.size());
      return res;
    });
    auto port = server_->Start();
    ASSERT_TRUE(port.ok());
    port_ = *port;
  }
  // GET of a target of exactly `bytes` bytes ("/p?x=aaaa...").
  static std::string Get(size_t bytes, const std::string& extra_headers = "") {
    std::string target = "/p?x=";
    target += std::string(bytes - target.size(), 'a');
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra_headers + "Connection: close\r\n\r\n";
  }
  // A normal request on a new connection still works.
  void ExpectServing() {
    auto ok = RawExchange(port_, Get(100));
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "target 100");
  }
  std::unique_ptr<HttpServer> server_;
  std::atomic<int> handled_{0};
  int port_ = 0;
};

TEST_F(ServerLimits, LongTargetsGet414AndTheServerKeepsServing) {
  ServerOptions options;
  options.reject = [](const RejectedRequest& r) {
    ServerResponse res;
    res.headers.emplace_back("Content-Type", "application/json");
    res.body = "{\"status\":" + std::to_string(r.status) + ",\"reason\":\"" + r.reason + "\"}";
    return res;
  };
  Start(options);
  for (size_t bytes : {16385u, 20u << 10, 100u << 10}) {
    auto r = RawExchange(port_, Get(bytes));
    EXPECT_EQ(r.status, 414) << bytes;
    EXPECT_EQ(r.Header("Content-Type"), "application/json");
    EXPECT_EQ(r.Header("Connection"), "close");
    EXPECT_EQ(r.body.rfind("{\"status\":414,\"reason\":\"the request target is ", 0), 0u) << r.body;
    ExpectServing();
  }
  EXPECT_EQ(handled_.load(), 3);  // only the normal requests reached the handler
}

TEST_F(ServerLimits, ATargetAtTheLimitReachesTheHandler) {
  Start(ServerOptions{});
  auto r = RawExchange(port_, Get(16384));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "target 16384");
}

TEST_F(ServerLimits, LargeHeaderFieldsGet431) {
  Start(ServerOptions{});
  auto r = RawExchange(port_, Get(100, "X-Big: " + std::string(20000, 'b') + "\r\n"));
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(r.Header("Content-Type"), "text/plain");
  EXPECT_NE(r.body.find("header fields"), std::string::npos);
  // Under Beast's head limit but over ours: counted after parsing.
  ServerOptions small;
  small.max_header_bytes = 200;
  server_->Stop();
  Start(small);
  r = RawExchange(port_, Get(100, "X-Big: " + std::string(300, 'b') + "\r\n"));
  EXPECT_EQ(r.status, 431);
  EXPECT_NE(r.body.find("the header fields take "), std::string::npos);
  ExpectServing();
}

TEST_F(ServerLimits, MalformedHeadsGet400) {
  Start(ServerOptions{});
  for (std::string bad : {"GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n", "GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
                          "GET / HTTP/1.1\r\nContent-Length: zz\r\n\r\n"}) {
    auto r = RawExchange(port_, bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("malformed request"), std::string::npos) << r.body;
  }
  ExpectServing();
  EXPECT_EQ(handled_.load(), 1);
}

TEST_F(ServerLimits, OversizedBodiesGet413) {
  ServerOptions options;
  options.max_request_bytes = 1000;
  Start(options);
  auto r = RawExchange(port_, "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'z'));
  EXPECT_EQ(r.status, 413);
  ExpectServing();
}

TEST_F(ServerLimits, AHeadCutShortByThePeerGets400) {
  Start(ServerOptions{});
  auto r = RawExchange(port_, "GET /p HTTP/1.1\r\nHost: x\r\n", /*half_close=*/true);  // no blank line
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("malformed request"), std::string::npos) << r.body;
  ExpectServing();
}

}  // namespace
}  // namespace crm::io
