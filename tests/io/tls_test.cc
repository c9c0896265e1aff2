// TLS: our client against our server with certificates generated here.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/http/http_client.h"
#include "io/http/http_server.h"
#include "tests/io/test_util.h"

namespace crm::io {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { certs_ = new testing::TestCerts(testing::MakeTestCerts()); }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(certs_->dir);
    delete certs_;
  }

  int Serve(const std::string& cert, const std::string& key) {
    ServerOptions options;
    options.tls_cert_chain_file = cert;
    options.tls_key_file = key;
    server_ = std::make_unique<HttpServer>(options, [](const ServerRequest&) {
      ServerResponse res;
      res.body = "secure";
      return res;
    });
    auto port = server_->Start();
    EXPECT_TRUE(port.ok()) << port.status().ToString();
    return port.ok() ? port.value() : 0;
  }
  HttpResult Fetch(const std::string& host, int port, const std::string& ca_file) {
    ClientOptions options;
    options.ca_file = ca_file;
    HttpClient client(options);
    HttpRequest req;
    req.url = "https://" + host + ":" + std::to_string(port) + "/";
    return client.Fetch(req);
  }

  static testing::TestCerts* certs_;
  std::unique_ptr<HttpServer> server_;
};
testing::TestCerts* TlsTest::certs_ = nullptr;

TEST_F(TlsTest, VerifiedHandshakeWithTheTestCa) {
  ASSERT_FALSE(certs_->dir.empty()) << "openssl CLI failed";
  int port = Serve(certs_->server_cert, certs_->server_key);
  HttpResult res = Fetch("localhost", port, certs_->ca_file);
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->body, "secure");
  EXPECT_EQ(server_->BaseUrl().substr(0, 8), "https://");
}

TEST_F(TlsTest, WrongHostnameIsRefused) {
  ASSERT_FALSE(certs_->dir.empty());
  int port = Serve(certs_->server_cert, certs_->server_key);
  HttpResult res = Fetch("127.0.0.1", port, certs_->ca_file);  // cert names only localhost
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kTls);
}

TEST_F(TlsTest, UntrustedCertificateIsRefused) {
  ASSERT_FALSE(certs_->dir.empty());
  int port = Serve(certs_->self_signed_cert, certs_->self_signed_key);
  HttpResult res = Fetch("localhost", port, certs_->ca_file);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, HttpErrorCode::kTls);
  // The system store does not know the test CA either.
  int port2 = Serve(certs_->server_cert, certs_->server_key);
  HttpResult res2 = Fetch("localhost", port2, "");
  ASSERT_FALSE(res2.ok());
  EXPECT_EQ(res2.error().code, HttpErrorCode::kTls);
}

TEST_F(TlsTest, KeepAliveOverTls) {
  ASSERT_FALSE(certs_->dir.empty());
  int port = Serve(certs_->server_cert, certs_->server_key);
  ClientOptions options;
  options.ca_file = certs_->ca_file;
  HttpClient client(options);
  HttpRequest req;
  req.url = "https://localhost:" + std::to_string(port) + "/";
  for (int i = 0; i < 3; ++i) {
    HttpResult res = client.Fetch(req);
    ASSERT_TRUE(res.ok()) << res.error().message;
  }
  EXPECT_EQ(server_->connections_accepted(), 1);
}

}  // namespace
}  // namespace crm::io
