// Runs the data-driven SOQL/SOSL conformance cases in cases/*.test against
// the fixture org. Format (one case per `query` line):
//   query <SOQL or SOSL>            continuation lines start with two spaces
//   option lenient | option batch N
//   expect total N | count N | done true|false
//   expect ids Case:1 Case:2        record ids in order (from attributes.url)
//   expect idset Case:2 Case:1      record ids in any order
//   expect json <pointer> <JSON>    e.g. /records/0/Account/Name "Alice Adams"
//   expect error CODE [ROW:COL]     and: expect message <substring>
//   expect raw <substring>          the response text contains it (number formats)
// {Object:n} anywhere expands to the n-th fixture id of that object.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/engine/soql/fixture_org.h"

namespace crm::soql::testing {
namespace {

struct Case {
  std::string file;
  int line = 0;
  std::string query;
  std::vector<std::string> options;
  std::vector<std::string> expects;
};

std::vector<Case> LoadCases(const std::filesystem::path& path) {
  std::vector<Case> cases;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("query ", 0) == 0) {
      cases.push_back({path.filename().string(), n, line.substr(6), {}, {}});
    } else if (cases.empty()) {
      ADD_FAILURE() << path << ":" << n << ": text before the first query";
    } else if (line.rfind("  ", 0) == 0 && cases.back().expects.empty()) {
      cases.back().query += "\n" + line.substr(2);
    } else if (line.rfind("option ", 0) == 0) {
      cases.back().options.push_back(line.substr(7));
    } else if (line.rfind("expect ", 0) == 0) {
      cases.back().expects.push_back(line.substr(7));
    } else {
      ADD_FAILURE() << path << ":" << n << ": cannot read: " << line;
    }
  }
  return cases;
}

std::string Serialize(const rapidjson::Value& v) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  v.Accept(w);
  return b.GetString();
}

std::vector<std::string> RecordIds(const rapidjson::Document& doc) {
  std::vector<std::string> ids;
  const char* key = doc.HasMember("records") ? "records" : "searchRecords";
  if (!doc.HasMember(key)) return ids;
  for (const auto& r : doc[key].GetArray()) {
    std::string url = r["attributes"].HasMember("url") ? r["attributes"]["url"].GetString() : "";
    ids.push_back(url.substr(url.rfind('/') + 1));
  }
  return ids;
}

std::vector<std::string> ExpectedIds(std::istringstream& in) {
  std::vector<std::string> ids;
  std::string token;
  while (in >> token) ids.push_back(ExpandIds("{" + token + "}"));
  return ids;
}

// Checks one expectation; returns "" or a failure description.
std::string Check(const std::string& expect, const Outcome<std::string>& out) {
  std::istringstream in(expect);
  std::string kind;
  in >> kind;
  if (kind == "error" || kind == "message") {
    if (out.ok()) return "expected an error, got " + *out;
    if (kind == "message") {
      std::string rest = expect.substr(8);
      return out.error().message.find(ExpandIds(rest)) == std::string::npos ? "message lacks '" + rest + "': " + out.error().message : "";
    }
    std::string code, pos;
    in >> code >> pos;
    if (out.error().error_code != code) return "error code " + out.error().error_code + ": " + out.error().message;
    if (!pos.empty()) {
      std::string want = "ERROR at Row:" + pos.substr(0, pos.find(':')) + ":Column:" + pos.substr(pos.find(':') + 1) + "\n";
      if (out.error().message.find(want) == std::string::npos) return "position: " + out.error().message;
    }
    return "";
  }
  if (!out.ok()) return "unexpected error " + out.error().ToString();
  rapidjson::Document doc;
  doc.Parse(out->c_str());
  if (doc.HasParseError()) return "response is not JSON: " + *out;
  const char* records = doc.HasMember("records") ? "records" : "searchRecords";
  if (kind == "raw") {
    std::string rest = ExpandIds(expect.substr(4));
    return out->find(rest) == std::string::npos ? "response lacks " + rest : "";
  }
  if (kind == "total") {
    long long n = 0;
    in >> n;
    return doc["totalSize"].GetInt64() == n ? "" : "totalSize " + std::to_string(doc["totalSize"].GetInt64());
  }
  if (kind == "count") {
    size_t n = 0;
    in >> n;
    return doc[records].Size() == n ? "" : "records " + std::to_string(doc[records].Size());
  }
  if (kind == "done") {
    std::string v;
    in >> v;
    return doc["done"].GetBool() == (v == "true") ? "" : "done differs";
  }
  if (kind == "ids" || kind == "idset") {
    std::vector<std::string> got = RecordIds(doc), want = ExpectedIds(in);
    if (kind == "idset") {
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
    }
    return got == want ? "" : "ids differ";
  }
  if (kind == "json") {
    std::string pointer, value;
    in >> pointer;
    std::getline(in, value);
    value = ExpandIds(value);
    const rapidjson::Value* got = rapidjson::Pointer(pointer.c_str()).Get(doc);
    if (got == nullptr) return "no value at " + pointer;
    rapidjson::Document want;
    want.Parse(value.c_str());
    if (want.HasParseError()) return "bad expected JSON: " + value;
    return *got == want ? "" : pointer + " is " + Serialize(*got);
  }
  return "unknown expectation " + kind;
}

TEST(SoqlConformance, AllCaseFiles) {
  std::unique_ptr<OrgSession> session = MakeFixtureSession();
  std::filesystem::path dir = std::filesystem::path(CRM_SOURCE_DIR) / "tests/engine/soql/cases";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  size_t total = 0;
  for (const auto& file : files) {
    for (const Case& c : LoadCases(file)) {
      ++total;
      QueryOptions options;
      for (const std::string& o : c.options) {
        if (o == "lenient") options.lenient_date_literals = true;
        if (o.rfind("batch ", 0) == 0) options.batch_size = std::stoi(o.substr(6));
      }
      Outcome<std::string> out = session->Execute(ExpandIds(c.query), options);
      if (c.expects.empty()) ADD_FAILURE() << c.file << ":" << c.line << ": no expectations";
      for (const std::string& e : c.expects) {
        std::string failure = Check(e, out);
        if (!failure.empty()) {
          ADD_FAILURE() << c.file << ":" << c.line << ": " << c.query << "\n  expect " << e << "\n  " << failure
                        << "\n  response: " << (out.ok() ? *out : out.error().ToString());
        }
      }
    }
  }
  std::printf("[ conformance ] %zu cases in %zu files\n", total, files.size());
  EXPECT_GE(total, 250u);
}

// Every case, and variants with one token dropped or two tokens swapped, must
// come back as a result or a Salesforce error: never as an SQLite failure
// (UNKNOWN_EXCEPTION), which would mean the emitted SQL was wrong.
TEST(SoqlConformance, MutatedQueriesNeverFailInSqlite) {
  std::unique_ptr<OrgSession> session = MakeFixtureSession();
  std::filesystem::path dir = std::filesystem::path(CRM_SOURCE_DIR) / "tests/engine/soql/cases";
  size_t runs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".test") continue;
    for (const Case& c : LoadCases(entry.path())) {
      std::istringstream in(ExpandIds(c.query));
      std::vector<std::string> words;
      for (std::string w; in >> w;) words.push_back(w);
      std::vector<std::string> variants = {ExpandIds(c.query)};
      for (size_t i = 0; i < words.size() && words.size() <= 60; ++i) {
        std::string dropped, swapped;
        for (size_t j = 0; j < words.size(); ++j) {
          if (j != i) dropped += words[j] + " ";
          size_t k = j == i ? i + 1 : (j == i + 1 ? i : j);
          swapped += (k < words.size() ? words[k] : words[j]) + " ";
        }
        variants.push_back(dropped);
        variants.push_back(swapped);
      }
      for (const std::string& v : variants) {
        Outcome<std::string> out = session->Execute(v);
        ++runs;
        if (!out.ok()) {
          EXPECT_NE(out.error().error_code, "UNKNOWN_EXCEPTION") << v << "\n" << out.error().message;
        }
      }
    }
  }
  std::printf("[ mutations ] %zu queries\n", runs);
}

}  // namespace
}  // namespace crm::soql::testing
