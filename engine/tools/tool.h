// engine/tools/tool.h — the benchmark's 27 tools as pure plans.
//
// PlanToolCall validates a call's arguments and returns a ToolPlan: either
// the result text right away, or one query (SOQL or SOSL) to run plus a
// continuation that turns the query's REST JSON (or its error) into the
// result text; `respond` comes back as an answer. No tool touches an org
// itself, so the same plan runs against the local org or a remote one.
// Plans are values (copyable; the continuation owns its captures); every
// function here is pure and safe from any thread. Errors are `Error: ...`
// result texts, never exceptions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat.h"
#include "engine/soql/query_error.h"

namespace crm::tools {

enum class QueryLanguage { kSoql, kSosl };
const char* QueryLanguageName(QueryLanguage language);  // "soql", "sosl"

// One query for the org. `all_pages`: the performer follows nextRecordsUrl
// and hands back one response holding every record (queryAll semantics).
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
    kResult,   // `result` is the tool's output (or an `Error: ...` text)
    kQuery,    // run `query`, then `finish(outcome)` is the output
    kRespond,  // the agent's final answer is `result`
  };
  Kind kind = Kind::kResult;
  std::string result;
  QueryRequest query;
  std::function<std::string(const QueryOutcome&)> finish;

  bool is_error() const { return kind == Kind::kResult && result.rfind("Error:", 0) == 0; }
};

// Plans a call of tool `name` with `arguments_json` (a JSON object as the
// model wrote it). Unknown tools, unparsable JSON and bad arguments give a
// kResult plan with an `Error: ...` text. Flex-only tools are planned too;
// whether a strategy offers them is the caller's business.
ToolPlan PlanToolCall(std::string_view name, std::string_view arguments_json);

struct ToolInfo {
  std::string name;
  std::string description;
  std::string parameters_schema_json;  // JSON Schema of the arguments object
  bool flex_only = false;              // issue_soql_query, issue_sosl_query
};

// All 27 tools in TASKS.md order (the flex-only ones last).
const std::vector<ToolInfo>& AllTools();
const ToolInfo* FindTool(std::string_view name);

// The tool specs a strategy offers: 25 tools, or all 27 with `flex`.
std::vector<chat::ToolSpec> ToolSpecs(bool flex);

}  // namespace crm::tools
