#include "tests/engine/tools/tool_test_util.h"

#include <gtest/gtest.h>

#include "engine/episode/sync_driver.h"
#include "engine/tools/py_literal.h"
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

std::string RunTool(const std::string& name, const std::string& args_json, std::string* query,
                    tools::ObservationFormat format) {
  tools::ToolPlan plan = tools::PlanToolCall(name, args_json);
  if (query) query->clear();
  if (plan.kind != tools::ToolPlan::Kind::kQuery) return tools::ShowToolResult(plan.result, format);
  if (query) *query = plan.query.text;
  return tools::ShowToolResult(plan.finish(episode::RunQueryInProcess(SharedSession(), plan.query)), format);
}

std::string RunToolJson(const std::string& name, const std::string& args_json) {
  return RunTool(name, args_json, nullptr, tools::ObservationFormat::kJson);
}

py::Value Literal(const std::string& text) {
  std::optional<py::Value> v = py::ParseLiteral(text);
  if (!v) {
    ADD_FAILURE() << "not a Python literal: " << text.substr(0, 300);
    return py::Value();
  }
  return *v;
}

std::set<std::string> StringSet(const py::Value& list) {
  std::set<std::string> out;
  EXPECT_TRUE(list.is_list()) << py::Repr(list).substr(0, 300);
  for (const py::Value& v : list.items()) {
    if (v.is_str()) out.insert(v.as_str());
  }
  return out;
}

std::map<std::string, double> NumberMap(const py::Value& dict) {
  std::map<std::string, double> out;
  EXPECT_TRUE(dict.is_dict()) << py::Repr(dict).substr(0, 300);
  for (const py::Value::Entry& e : dict.entries()) {
    if (e.key.is_str() && e.value.is_number()) out[e.key.as_str()] = e.value.as_number();
  }
  return out;
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
