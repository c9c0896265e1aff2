// tests/engine/tools/tool_test_util.h — running tools against the shared
// test org and reading the same facts with plain SQL.
#pragma once

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/org/sqlite.h"
#include "engine/soql/org_session.h"
#include "engine/tools/tool.h"

namespace crm::testing {

// The shared scale-1 org's session (one per test binary, main thread only).
soql::OrgSession& SharedSession();
org::Database& SharedDb();

// Plans and, when needed, runs the tool; returns its result as the model
// sees it in `format`. When `query` is given, it receives the query text
// (empty when none ran).
std::string RunTool(const std::string& name, const std::string& args_json, std::string* query = nullptr,
                    tools::ObservationFormat format = tools::ObservationFormat::kOfficial);
// The same in the JSON format, for passing a result on to the next tool.
std::string RunToolJson(const std::string& name, const std::string& args_json);

// An official observation read back (Python literal text); fails the test
// when it is not one.
py::Value Literal(const std::string& text);
std::set<std::string> StringSet(const py::Value& list);
std::map<std::string, double> NumberMap(const py::Value& dict);

// First column of every row.
std::vector<std::string> SqlColumn(const std::string& sql);
std::set<std::string> SqlSet(const std::string& sql);
// Two columns: key -> number.
std::map<std::string, double> SqlNumbers(const std::string& sql);

rapidjson::Document ParseJson(const std::string& text);
std::set<std::string> JsonStringSet(const std::string& text);
std::map<std::string, double> JsonNumberMap(const std::string& text);

}  // namespace crm::testing
