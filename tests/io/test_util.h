// tests/io/test_util.h — helpers for the io tests: temp directories, file
// reading, fixture loading (status + headers + body recorded as JSON) and
// test certificates made with the openssl CLI.
#pragma once

#include <string>

#include "io/http/http_types.h"

namespace crm::io::testing {

std::string MakeTempDir();
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
std::string ProviderFixturePath(const std::string& name);  // tests/data/providers/<name>

struct RecordedResponse {
  int status = 200;
  Headers headers;
  std::string body;  // a JSON body is re-serialized compactly; a string body is kept verbatim
};
// {"status": 429, "headers": {"retry-after": "2"}, "body": {...} | "text"}
RecordedResponse LoadRecordedResponse(const std::string& name);
// Compares two JSON texts structurally; on mismatch returns both, else "".
std::string JsonDiff(const std::string& expected, const std::string& actual);

struct TestCerts {
  std::string dir;
  std::string ca_file;          // trusted test CA
  std::string server_cert;      // signed by the CA, SAN DNS:localhost only
  std::string server_key;
  std::string self_signed_cert; // same name, not signed by the CA
  std::string self_signed_key;
};
// Generates the certificates with the `openssl` CLI; empty dir on failure.
TestCerts MakeTestCerts();

}  // namespace crm::io::testing
