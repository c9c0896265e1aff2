#include "io/http/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include "io/http/http_client_coro.h"
#include "io/http/http_server.h"
#include "io/runtime.h"

namespace crm::io {
namespace {
using namespace std::chrono_literals;

ServerResponse Text(std::string body) {
  ServerResponse res;
  res.headers.emplace_back("Content-Type", "text/plain");
  res.body = std::move(body);
  return res;
}

ServerOptions ServerWith(int threads, std::chrono::milliseconds idle_timeout) {
  ServerOptions options;
  options.threads = threads;
  options.idle_timeout = idle_timeout;
  return options;
}

class ServerFixture : public ::testing::Test {
 protected:
  void StartServer(ServerHandler handler, ServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(options, std::move(handler));
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    base_ = server_->BaseUrl();
  }
  HttpRequest Get(const std::string& path) {
    HttpRequest req;
    req.url = base_ + path;
    return req;
  }
  // Against a server that closes connections idle for `server_idle`: one GET,
  // a pause, and a second GET on the same client, whose result is returned.
  HttpResult FetchAgainAfter(HttpClient& client, std::chrono::milliseconds server_idle,
                             std::chrono::milliseconds pause) {
    StartServer([](const ServerRequest&) { return Text("ok"); }, ServerWith(1, server_idle));
    EXPECT_TRUE(client.Fetch(Get("/")).ok());
    std::this_thread::sleep_for(pause);
    return client.Fetch(Get("/"));
  }
  std::unique_ptr<HttpServer> server_;
  std::string base_;
};

TEST_F(ServerFixture, EchoesMethodHeadersAndBody) {
  StartServer([](const ServerRequest& r) {
    auto res = Text(r.method + " " + r.path + " " + r.query + " " + r.body + " " +
                    std::string(FindHeader(r.headers, "x-test").value_or("")));
    res.headers.emplace_back("X-Reply", "yes");
    return res;
  });
  HttpClient client;
  HttpRequest req = Get("/a/b?q=1");
  req.method = "POST";
  req.body = "payload";
  req.headers.emplace_back("X-Test", "hello");
  HttpResult res = client.Fetch(req);
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "POST /a/b q=1 payload hello");
  EXPECT_EQ(FindHeader(res->headers, "x-reply").value_or(""), "yes");
}

TEST_F(ServerFixture, KeepAliveReusesOneConnection) {
  StartServer([](const ServerRequest&) { return Text("ok"); });
  HttpClient client;
  for (int i = 0; i < 5; ++i) {
    HttpResult res = client.Fetch(Get("/"));
    ASSERT_TRUE(res.ok()) << res.error().message;
    EXPECT_EQ(res->reused_connection, i > 0);
  }
  EXPECT_EQ(server_->connections_accepted(), 1);
  EXPECT_EQ(client.stats().reused, 4);
  EXPECT_EQ(client.stats().connections_opened, 1);
}

TEST_F(ServerFixture, CapsConnectionsPerOriginAndQueuesTheRest) {
  StartServer([](const ServerRequest&) {
    auto res = Text("slow");
    res.delay = 100ms;
    return res;
  }, ServerWith(2, 60s));
  ClientOptions options;
  options.max_connections_per_origin = 2;
  HttpClient client(options);
  constexpr int kRequests = 8;
  std::atomic<int> ok{0};
  std::promise<void> all_done;
  std::atomic<int> remaining{kRequests};
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRequests; ++i) {
    client.FetchAsync(Get("/"), [&](HttpResult r) {
      if (r.ok() && r->status == 200) ++ok;
      if (--remaining == 0) all_done.set_value();
    });
  }
  all_done.get_future().wait();
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(ok.load(), kRequests);
  EXPECT_LE(server_->connections_accepted(), 2);
  EXPECT_GE(client.stats().queued, kRequests - 2);
  EXPECT_GE(elapsed, 350ms);  // 8 requests, 2 at a time, 100 ms each
}

TEST_F(ServerFixture, ConnectionCloseIsHonoured) {
  StartServer([](const ServerRequest&) {
    auto res = Text("bye");
    res.close = true;
    return res;
  });
  HttpClient client;
  for (int i = 0; i < 3; ++i) {
    HttpResult res = client.Fetch(Get("/"));
    ASSERT_TRUE(res.ok()) << res.error().message;
    EXPECT_FALSE(res->reused_connection);
  }
  EXPECT_EQ(server_->connections_accepted(), 3);
}

TEST_F(ServerFixture, IdleConnectionClosedByServerIsNotReused) {
  HttpClient client;
  HttpResult res = FetchAgainAfter(client, 100ms, 1s);  // the server closes the idle connection after 100 ms
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(server_->connections_accepted(), 2);
}

TEST_F(ServerFixture, ConnectionClosedJustAfterReleaseIsRetriedOnAFreshOne) {
  // Reused within the probe window (250 ms), so not probed: the closed
  // connection is found by the request itself, which the stale retry resends
  // (on a machine slow enough to pass the window, the probe finds it first).
  HttpClient client;
  HttpResult res = FetchAgainAfter(client, 30ms, 120ms);  // the server closes the idle connection after 30 ms
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->body, "ok");
  EXPECT_EQ(server_->connections_accepted(), 2);
  EXPECT_LE(client.stats().stale_retries, 1);
}

TEST_F(ServerFixture, RequestLostOnReusedConnectionIsRetriedOnceOnAFreshOne) {
  // The second request on any connection is dropped without an answer, as a
  // server does when it closes a keep-alive connection under our feet.
  StartServer([](const ServerRequest& r) {
    ServerResponse res = Text("conn " + std::to_string(r.connection_id));
    res.drop = r.request_index == 1;
    return res;
  });
  HttpClient client;
  ASSERT_TRUE(client.Fetch(Get("/")).ok());
  HttpResult res = client.Fetch(Get("/"));
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->attempts, 2);
  EXPECT_EQ(res->body, "conn 2");
  EXPECT_EQ(client.stats().stale_retries, 1);
}

TEST_F(ServerFixture, RequestLostOnFreshConnectionIsAnError) {
  StartServer([](const ServerRequest&) {
    ServerResponse res;
    res.drop = true;
    return res;
  });
  HttpClient client;
  HttpResult res = client.Fetch(Get("/"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kConnectionClosed);
  EXPECT_EQ(ToCallError(res.error()).code, CallErrorCode::kConnection);
}

TEST_F(ServerFixture, TruncatedBodyIsAnErrorAndNeverRetried) {
  // The second request on a connection gets half a body: bytes came back,
  // so the stale-connection retry must not resend it.
  StartServer([](const ServerRequest& r) {
    ServerResponse res = Text(std::string(1000, 'b'));
    if (r.request_index == 1) res.truncate_body_at = 500;
    return res;
  });
  HttpClient client;
  ASSERT_TRUE(client.Fetch(Get("/")).ok());
  HttpResult res = client.Fetch(Get("/"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kConnectionClosed);
  EXPECT_EQ(client.stats().stale_retries, 0);
  EXPECT_EQ(server_->connections_accepted(), 1);
}

TEST_F(ServerFixture, ReadsChunkedBodies) {
  std::string big(100000, 'x');
  for (size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>('a' + i % 26);
  StartServer([&big](const ServerRequest&) {
    ServerResponse res = Text(big);
    res.chunked = true;
    return res;
  });
  HttpClient client;
  HttpResult res = client.Fetch(Get("/"));
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->body, big);
  EXPECT_EQ(FindHeader(res->headers, "transfer-encoding").value_or(""), "chunked");
  ASSERT_TRUE(client.Fetch(Get("/")).ok());  // the connection survives a chunked body
  EXPECT_EQ(server_->connections_accepted(), 1);
}

TEST_F(ServerFixture, ReadTimeoutFiresWhenTheServerNeverAnswers) {
  StartServer([](const ServerRequest&) {
    ServerResponse res = Text("late");
    res.delay = 1h;
    return res;
  });
  ClientOptions options;
  options.read_timeout = 200ms;
  HttpClient client(options);
  auto start = std::chrono::steady_clock::now();
  HttpResult res = client.Fetch(Get("/"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_EQ(ToCallError(res.error()).code, CallErrorCode::kTimeout);
}

TEST_F(ServerFixture, PerRequestTotalTimeout) {
  StartServer([](const ServerRequest&) {
    ServerResponse res = Text("late");
    res.delay = 1h;
    return res;
  });
  HttpClient client;
  HttpRequest req = Get("/");
  req.total_timeout = 300ms;
  HttpResult res = client.Fetch(req);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kTimeout);
}

TEST_F(ServerFixture, ResponseSizeCap) {
  StartServer([](const ServerRequest& r) {
    ServerResponse res = Text(std::string(5000, 'z'));
    res.chunked = r.path == "/chunked";
    return res;
  });
  ClientOptions options;
  options.max_response_bytes = 1000;
  HttpClient client(options);
  for (const char* path : {"/plain", "/chunked"}) {
    HttpResult res = client.Fetch(Get(path));
    ASSERT_FALSE(res.ok()) << path;
    EXPECT_EQ(res.error().code, HttpErrorCode::kTooLarge) << path;
  }
}

TEST(HttpClient, ConnectRefusedAndBadUrl) {
  int port;
  {
    HttpServer probe({}, [](const ServerRequest&) { return ServerResponse{}; });
    auto p = probe.Start();
    ASSERT_TRUE(p.ok());
    port = p.value();
  }
  HttpClient client;
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  HttpResult res = client.Fetch(req);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kConnect);
  req.url = "not a url";
  res = client.Fetch(req);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kInvalidUrl);
}

TEST_F(ServerFixture, AHeaderValueWithALineBreakIsRefusedBeforeAnythingIsSent) {
  std::atomic<int> seen{0};
  StartServer([&seen](const ServerRequest&) {
    ++seen;
    return Text("ok");
  });
  HttpClient client;
  HttpRequest req = Get("/");
  req.headers.emplace_back("X-Note", "fine\r\nX-Injected: yes");
  HttpResult res = client.Fetch(req);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kInvalidRequest);
  EXPECT_EQ(ToCallError(res.error()).code, CallErrorCode::kBadRequest);  // never retried
  EXPECT_EQ(client.stats().connections_opened, 0);
  EXPECT_TRUE(client.Fetch(Get("/")).ok());
  EXPECT_EQ(seen.load(), 1);
}

TEST_F(ServerFixture, CoroutineApiOnASharedRuntime) {
  StartServer([](const ServerRequest& r) { return Text("n=" + r.query); });
  IoRuntime runtime(2);
  {
    HttpClient client(runtime, ClientOptions{});
    std::promise<std::string> done;
    auto task = [&]() -> boost::asio::awaitable<void> {
      std::string joined;
      for (int i = 0; i < 3; ++i) {
        HttpRequest req = Get("/?" + std::to_string(i));
        HttpResult res = co_await CoFetch(client, std::move(req));
        joined += res.ok() ? res->body + ";" : "error;";
      }
      done.set_value(joined);
    };
    boost::asio::co_spawn(runtime.context(), task(), boost::asio::detached);
    EXPECT_EQ(done.get_future().get(), "n=0;n=1;n=2;");
  }
  runtime.Stop();
}

TEST_F(ServerFixture, CancellingTheAwaitingCoroutineAbortsTheRequest) {
  StartServer([](const ServerRequest& r) {
    ServerResponse res = Text("late");
    if (r.path == "/slow") res.delay = 1h;
    return res;
  });
  IoRuntime runtime(1);
  {
    HttpClient client(runtime, ClientOptions{});
    boost::asio::cancellation_signal signal;
    std::promise<HttpResult> result;
    auto task = [&]() -> boost::asio::awaitable<void> {
      result.set_value(co_await CoFetch(client, Get("/slow")));
    };
    boost::asio::co_spawn(runtime.context(), task(),
                          boost::asio::bind_cancellation_slot(signal.slot(), boost::asio::detached));
    std::this_thread::sleep_for(200ms);
    boost::asio::post(runtime.context(), [&] { signal.emit(boost::asio::cancellation_type::terminal); });
    auto future = result.get_future();
    ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
    HttpResult res = future.get();
    ASSERT_FALSE(res.ok());
    EXPECT_EQ(res.error().code, HttpErrorCode::kCancelled);
    EXPECT_EQ(ToCallError(res.error()).code, CallErrorCode::kCancelled);
    HttpResult after = client.Fetch(Get("/fast"));  // the pool gave the slot back
    ASSERT_TRUE(after.ok()) << after.error().message;
  }
  runtime.Stop();
}

TEST_F(ServerFixture, DestroyingTheClientWithRequestsInFlightIsSafe) {
  StartServer([](const ServerRequest&) {
    ServerResponse res = Text("never");
    res.delay = 1h;
    return res;
  });
  std::atomic<int> callbacks{0};
  {
    HttpClient client;
    for (int i = 0; i < 3; ++i) client.FetchAsync(Get("/"), [&](HttpResult) { ++callbacks; });
    std::this_thread::sleep_for(100ms);
  }  // stops the client's runtime: in-flight requests are abandoned
  EXPECT_EQ(callbacks.load(), 0);
}

}  // namespace
}  // namespace crm::io
