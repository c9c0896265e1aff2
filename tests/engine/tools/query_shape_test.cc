// No argument can change a query's shape: for thousands of hostile strings,
// the compiled SQL of each tool's query either equals the SQL compiled for a
// benign value (only bound parameters differ) or does not compile at all
// (the org answers with an error, as Salesforce does for the official
// tool's query); it never compiles to anything else.
#include <gtest/gtest.h>

#include <random>

#include "engine/org/schema.h"
#include "engine/soql/compiler.h"
#include "engine/soql/sosl.h"
#include "engine/tools/tool.h"

namespace crm::tools {
namespace {

std::string JsonEscape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::vector<std::string> HostileStrings() {
  std::vector<std::string> out = {"'; DROP TABLE Case; --", "') OR Id != ('", "} OR {", "x' OR '1'='1",
                                  "\\' OR Name != null OR Name = \\'", "a\nOR Id != null", "\\", "'", "\"", "{}",
                                  "} RETURNING User(Id, Username) FIND {a", "ab) OR (Status", "%' OR Name LIKE '%",
                                  "AND NOT", "OR", "x\\u0027 OR Id != null"};
  const std::string alphabet = "'\"\\{}()[]*?&|!^~:+-%_ \n\tORANDNOTSELECTFROMWHERE;,=<>a1é";
  std::mt19937 rng(20240611);
  for (int i = 0; i < 1500; ++i) {
    std::string s;
    int n = 1 + static_cast<int>(rng() % 24);
    for (int j = 0; j < n; ++j) s += alphabet[rng() % alphabet.size()];
    out.push_back(s);
  }
  return out;
}

std::string CompiledSoql(const ToolPlan& plan) {
  soql::Outcome<soql::SqlQuery> q = soql::CompileSoql(plan.query.text, org::Schema::Crm(), {});
  if (!q.ok()) return "ERROR " + q.error().ToString();
  return q->PageSql() + " #params=" + std::to_string(q->params.size());
}

// What a search's RETURNING clause makes of it: for each object, the SQL up
// to the object's table, and its own filters. The term may change how the
// index is searched (phrases, wildcards, OR), never what is returned.
std::string CompiledSosl(const ToolPlan& plan) {
  soql::Outcome<soql::CompiledSearch> s = soql::CompileSosl(plan.query.text, org::Schema::Crm(), {});
  if (!s.ok()) return "ERROR " + s.error().error_code;
  std::string out;
  for (const soql::SqlQuery& q : s->objects) {
    const std::string sql = q.PageSql();
    out += sql.substr(0, sql.find(" t0") + 3);
    for (const char* filter : {"\"PublishStatus\"", "\"Language\""}) {
      if (sql.find(filter) != std::string::npos) out += std::string(" filter ") + filter;
    }
    out += ";";
  }
  return out;
}

constexpr const char* kProductId = "01t000000000001AAA";
constexpr const char* kCaseId = "500000000000001AAA";
constexpr const char* kItemId = "802000000000001AAA";
constexpr const char* kAccountId = "001000000000001AAA";

// Plans `tool` with `value` (a JSON string) in `args_template`'s {} and checks
// the compiled query has the benign shape or fails to compile. Returns how
// many compiled.
int ExpectShapeOrError(const char* tool, const std::string& args_template, bool sosl,
                       const std::string& benign_value = "Closed") {
  auto plan_for = [&](const std::string& json_value) {
    std::string args = args_template;
    args.replace(args.find("{}"), 2, json_value);
    return PlanToolCall(tool, args);
  };
  ToolPlan benign = plan_for("\"" + benign_value + "\"");
  EXPECT_EQ(benign.kind, ToolPlan::Kind::kQuery) << tool;
  const std::string want = sosl ? CompiledSosl(benign) : CompiledSoql(benign);
  EXPECT_EQ(want.rfind("ERROR", 0), std::string::npos) << tool << " " << want;
  int compiled = 0;
  for (const std::string& s : HostileStrings()) {
    ToolPlan plan = plan_for("\"" + JsonEscape(s) + "\"");
    if (plan.kind != ToolPlan::Kind::kQuery) {
      EXPECT_TRUE(plan.is_error()) << tool << " " << s;
      continue;
    }
    const std::string got = sosl ? CompiledSosl(plan) : CompiledSoql(plan);
    if (got.rfind("ERROR", 0) == 0) continue;
    ++compiled;
    EXPECT_EQ(got, want) << tool << " " << s << "\n" << plan.query.text;
  }
  return compiled;
}

TEST(QueryShape, RawQuotedValuesStayOneValue) {
  // Single values written raw between quotes by the official tools.
  // Hostile texts are no ids: against an id field they only compile as the
  // org's error, so what counts is that none compiles to another shape.
  ExpectShapeOrError("get_order_item_ids_by_product", "{\"product_id\":{}}", false, kProductId);
  ExpectShapeOrError("get_email_messages_by_case_id", "{\"case_id\":{}}", false, kCaseId);
  EXPECT_GT(ExpectShapeOrError("get_cases", "{\"statuses\":[{}]}", false), 1000);
  ExpectShapeOrError("get_issue_counts",
                     "{\"start_date\":\"2024-01-01T00:00:00Z\",\"end_date\":\"2024-02-01T00:00:00Z\","
                     "\"order_item_ids\":[{}, \"" + std::string(kItemId) + "\"]}",
                     false, kItemId);
  ExpectShapeOrError("get_purchase_history",
                     "{\"account_id\":{},\"purchase_date\":\"2024-01-01T00:00:00Z\","
                     "\"related_product_ids\":[\"" + std::string(kProductId) + "\"]}",
                     false, kAccountId);
}

TEST(QueryShape, TupleReprsNeverEndEarly) {
  // Lists of two or more go in as Python's tuple repr.
  ExpectShapeOrError("get_cases", "{\"statuses\":[{}, \"New\"]}", false);
  ExpectShapeOrError("get_shipping_state",
                     "{\"cases\":[{\"AccountId\":{}},{\"AccountId\":\"" + std::string(kAccountId) + "\"}]}", false,
                     kAccountId);
}

TEST(QueryShape, BareDateTextsStayOneToken) {
  // No hostile text is a datetime token, so none compiles; the benign one does.
  ExpectShapeOrError("get_issue_counts",
                     "{\"start_date\":{},\"end_date\":\"2024-02-01T00:00:00Z\",\"order_item_ids\":[\"" +
                         std::string(kItemId) + "\"]}",
                     false, "2024-01-01T00:00:00Z");
}

TEST(QueryShape, SearchTermsStayTerms) {
  for (const char* tool : {"search_products", "search_knowledge_articles"}) {
    EXPECT_GT(ExpectShapeOrError(tool, "{\"search_term\":{}}", true, "running shorts"), 800) << tool;
  }
}

}  // namespace
}  // namespace crm::tools
