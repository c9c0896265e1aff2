// engine/tools/tool.h — the benchmark's 27 tools as pure plans.
//
// PlanToolCall binds a call's arguments and returns a ToolPlan: either the
// tool's return value right away, or one query (SOQL or SOSL) to run plus a
// continuation that turns the query's REST JSON (or its error) into the
// return value; `respond` comes back as an answer. No tool touches an org
// itself, so the same plan runs against the local org or a remote one.
//
// The tools behave as the official harness's tool functions do
// (SalesforceAIResearch/CRMArena, crm_sandbox/env/functions.py): the same
// queries, the same return values (as Python values, py_value.h), the same
// "Error: ..." texts; engine/tools/README.md lists the quirks this keeps and
// the few places where we differ on purpose. ShowToolResult renders a return
// value as the model sees it.
//
// Plans are values (copyable; the continuation owns its captures); every
// function here is pure and safe from any thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat.h"
#include "engine/soql/query_error.h"
#include "engine/tools/py_value.h"

namespace crm::tools {

enum class QueryLanguage { kSoql, kSosl };
const char* QueryLanguageName(QueryLanguage language);  // "soql", "sosl"

// One query for the org. `all_pages`: the performer follows nextRecordsUrl
// and hands back one response holding every record (query_all semantics).
struct QueryRequest {
  QueryLanguage language = QueryLanguage::kSoql;
  std::string text;
  bool all_pages = true;
};

// The REST JSON of a query ({"totalSize", "done", "records"}) or a search
// ({"searchRecords"}), or the org's error.
using QueryOutcome = soql::Outcome<std::string>;

struct ToolPlan {
  enum class Kind {
    kResult,   // `result` is the tool's return value
    kQuery,    // run `query`, then `finish(outcome)` is the return value
    kRespond,  // the agent's final answer is `result` (a str)
  };
  Kind kind = Kind::kResult;
  py::Value result;
  QueryRequest query;
  std::function<py::Value(const QueryOutcome&)> finish;

  // A result that is an error text ("Error: ..." or "Unknown action ...").
  bool is_error() const;
};

// Plans a call of tool `name` with `arguments_json` (the JSON the model
// wrote; json.loads semantics). `flex`: issue_soql_query and
// issue_sosl_query are offered (tool_call_flex); otherwise calling them is
// an unknown action, as in the official tool_call environment.
ToolPlan PlanToolCall(std::string_view name, std::string_view arguments_json, bool flex = true);

// How tool results and query records are shown to the model.
enum class ObservationFormat {
  kOfficial,  // str(value): Python literal text, as the official harness shows it
  kJson,      // compact JSON (a str result as its text)
};
// "official", "json"; and back.
const char* ObservationFormatName(ObservationFormat format);
bool ParseObservationFormat(std::string_view name, ObservationFormat* format);

std::string ShowToolResult(const py::Value& result, ObservationFormat format);

struct ToolInfo {
  std::string name;
  std::string description;
  std::string parameters_schema_json;  // JSON Schema of the arguments object
  bool flex_only = false;              // issue_soql_query, issue_sosl_query
};

// All 27 tools in the official harness's order (the flex-only ones last).
const std::vector<ToolInfo>& AllTools();
const ToolInfo* FindTool(std::string_view name);

// The tool specs a strategy offers: 25 tools, or all 27 with `flex`.
std::vector<chat::ToolSpec> ToolSpecs(bool flex);

}  // namespace crm::tools
