#include "tests/io/test_util.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace crm::io::testing {

std::string MakeTempDir() {
  std::string pattern = "/tmp/crm_io_test_XXXXXX";
  char* dir = mkdtemp(pattern.data());
  return dir ? std::string(dir) : std::string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string ProviderFixturePath(const std::string& name) {
  return std::string(CRM_SOURCE_DIR) + "/tests/data/providers/" + name;
}

static std::string Compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

RecordedResponse LoadRecordedResponse(const std::string& name) {
  RecordedResponse out;
  std::string text = ReadFile(ProviderFixturePath(name));
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << name;
  if (doc.HasParseError() || !doc.IsObject()) return out;
  if (doc.HasMember("status")) out.status = doc["status"].GetInt();
  if (doc.HasMember("headers")) {
    for (auto& h : doc["headers"].GetObject()) out.headers.emplace_back(h.name.GetString(), h.value.GetString());
  }
  if (doc.HasMember("body")) {
    out.body = doc["body"].IsString() ? doc["body"].GetString() : Compact(doc["body"]);
  }
  return out;
}

std::string JsonDiff(const std::string& expected, const std::string& actual) {
  rapidjson::Document a, b;
  a.Parse(expected.c_str());
  b.Parse(actual.c_str());
  if (a.HasParseError()) return "expected is not JSON";
  if (b.HasParseError()) return "actual is not JSON: " + actual;
  if (a == b) return "";
  return "expected " + Compact(a) + "\n  actual " + Compact(b);
}

TestCerts MakeTestCerts() {
  TestCerts certs;
  std::string dir = MakeTempDir();
  std::string ext = dir + "/server.ext";
  WriteFile(ext,
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
            "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n");
  std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  std::string cmd =
      "cd " + dir + " && " +
      "openssl req -x509 " + key + " -keyout ca.key -out ca.pem -days 2 -subj '/CN=crm io test CA' && " +
      "openssl req " + key + " -keyout server.key -out server.csr -subj '/CN=localhost' && " +
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem "
      "-days 2 -extfile server.ext && " +
      "openssl req -x509 " + key + " -keyout self.key -out self.pem -days 2 -subj '/CN=localhost' "
      "-addext subjectAltName=DNS:localhost";
  if (std::system((cmd + " > openssl.log 2>&1").c_str()) != 0) return certs;
  certs.dir = dir;
  certs.ca_file = dir + "/ca.pem";
  certs.server_cert = dir + "/server.pem";
  certs.server_key = dir + "/server.key";
  certs.self_signed_cert = dir + "/self.pem";
  certs.self_signed_key = dir + "/self.key";
  return certs;
}

}  // namespace crm::io::testing
