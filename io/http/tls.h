// io/http/tls.h — internal: OpenSSL contexts for the client (verification on,
// system CA store or a given CA file) and the server (cert + key files).
// Contexts are immutable after creation and shared by every connection.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "io/http/http_types.h"

namespace crm::io::internal {

using SslContextPtr = std::shared_ptr<boost::asio::ssl::context>;

Expected<SslContextPtr, HttpError> MakeClientTlsContext(const std::string& ca_file);
Expected<SslContextPtr, HttpError> MakeServerTlsContext(const std::string& cert_chain_file,
                                                        const std::string& key_file);
// Sets SNI (DNS names only) and hostname/IP verification on one connection.
bool ConfigureClientSsl(SSL* ssl, const std::string& host);
std::string LastSslErrorText();

}  // namespace crm::io::internal
