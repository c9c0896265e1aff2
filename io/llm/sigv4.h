// io/llm/sigv4.h — AWS Signature Version 4 (header signing) over OpenSSL's
// HMAC/SHA-256, used for Bedrock. Pure functions of their inputs; any thread.
// Credentials are only read, never logged or copied into results.
#pragma once

#include <string>
#include <string_view>

#include "io/http/http_types.h"

namespace crm::io::llm {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // optional (temporary credentials)
};

struct SigV4Input {
  std::string method;        // "POST"
  std::string path;          // as sent on the wire, e.g. /model/a%3A0/converse
  std::string query;         // raw query string without '?', may be empty
  Headers headers;           // must include host and x-amz-date
  std::string_view payload;  // exact body bytes
  std::string region;
  std::string service;       // "bedrock"
  std::string amz_date;      // YYYYMMDD'T'HHMMSS'Z'
};

struct SigV4Result {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lowercase hex
  std::string authorization;  // the Authorization header value
};

std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw bytes
std::string HexLower(std::string_view bytes);
// RFC 3986 percent-encoding (unreserved kept); `keep_slash` for paths.
std::string AwsUriEncode(std::string_view text, bool keep_slash);
// "YYYYMMDDTHHMMSSZ" for a Unix time.
std::string AmzDate(long long unix_seconds);

SigV4Result SignV4(const SigV4Input& input, const AwsCredentials& credentials);

}  // namespace crm::io::llm
