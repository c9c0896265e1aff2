#include "io/http/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

namespace crm::io::internal {
namespace ssl = boost::asio::ssl;

std::string LastSslErrorText() {
  unsigned long err = ERR_get_error();
  if (err == 0) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(err, buf, sizeof(buf));
  ERR_clear_error();
  return buf;
}

Expected<SslContextPtr, HttpError> MakeClientTlsContext(const std::string& ca_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  ctx->set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
  } else {
    ctx->load_verify_file(ca_file, ec);
  }
  if (ec) {
    return MakeUnexpected(HttpError{HttpErrorCode::kTls, "cannot load CA certificates: " + ec.message()});
  }
  return ctx;
}

Expected<SslContextPtr, HttpError> MakeServerTlsContext(const std::string& cert_chain_file,
                                                        const std::string& key_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_chain_file, ec);
  if (!ec) ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) return MakeUnexpected(HttpError{HttpErrorCode::kTls, "cannot load server cert/key: " + ec.message()});
  return ctx;
}

bool ConfigureClientSsl(SSL* ssl, const std::string& host) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  bool ok;
  if (!ec) {
    ok = X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;  // IP literal: no SNI
  } else {
    ok = SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 && SSL_set1_host(ssl, host.c_str()) == 1;
  }
  SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
  return ok;
}

}  // namespace crm::io::internal
