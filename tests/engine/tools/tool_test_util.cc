#include "tests/engine/tools/tool_test_util.h"

#include <gtest/gtest.h>

#include "engine/episode/sync_driver.h"
#include "tests/engine/org/test_org.h"

namespace crm::testing {

soql::OrgSession& SharedSession() {
  static std::unique_ptr<soql::OrgSession> session = [] {
    Result<std::unique_ptr<soql::OrgSession>> s = soql::OrgSession::Open(SharedOrgPath());
    if (!s.ok()) {
      ADD_FAILURE() << s.status().ToString();
      std::abort();
    }
    return std::move(s).value();
  }();
  return *session;
}

org::Database& SharedDb() {
  static std::unique_ptr<org::Database> db = OpenSharedOrg();
  return *db;
}

std::string RunTool(const std::string& name, const std::string& args_json, std::string* query) {
  tools::ToolPlan plan = tools::PlanToolCall(name, args_json);
  if (query) query->clear();
  if (plan.kind != tools::ToolPlan::Kind::kQuery) return plan.result;
  if (query) *query = plan.query.text;
  return plan.finish(episode::RunQueryInProcess(SharedSession(), plan.query));
}

std::vector<std::string> SqlColumn(const std::string& sql) {
  Result<org::Statement> stmt = SharedDb().Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status().ToString() << "\n" << sql;
  std::vector<std::string> out;
  if (!stmt.ok()) return out;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok() || !*row) break;
    out.push_back(stmt->ColumnText(0));
  }
  return out;
}

std::set<std::string> SqlSet(const std::string& sql) {
  std::vector<std::string> v = SqlColumn(sql);
  return {v.begin(), v.end()};
}

std::map<std::string, double> SqlNumbers(const std::string& sql) {
  Result<org::Statement> stmt = SharedDb().Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << stmt.status().ToString() << "\n" << sql;
  std::map<std::string, double> out;
  if (!stmt.ok()) return out;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok() || !*row) break;
    out[stmt->ColumnText(0)] = stmt->ColumnDouble(1);
  }
  return out;
}

rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  EXPECT_FALSE(doc.HasParseError()) << text.substr(0, 500);
  return doc;
}

std::set<std::string> JsonStringSet(const std::string& text) {
  rapidjson::Document doc = ParseJson(text);
  std::set<std::string> out;
  if (!doc.IsArray()) {
    ADD_FAILURE() << "not a list: " << text.substr(0, 300);
    return out;
  }
  for (const auto& v : doc.GetArray()) {
    if (v.IsString()) out.insert(v.GetString());
  }
  return out;
}

std::map<std::string, double> JsonNumberMap(const std::string& text) {
  rapidjson::Document doc = ParseJson(text);
  std::map<std::string, double> out;
  if (!doc.IsObject()) {
    ADD_FAILURE() << "not an object: " << text.substr(0, 300);
    return out;
  }
  for (const auto& m : doc.GetObject()) {
    if (m.value.IsNumber()) out[m.name.GetString()] = m.value.GetDouble();
  }
  return out;
}

}  // namespace crm::testing
