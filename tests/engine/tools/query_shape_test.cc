// No argument can change a query's shape: for thousands of hostile strings,
// the compiled SQL of each tool's query equals the SQL compiled for a benign
// value (only bound parameters differ), and hostile ids are rejected.
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

std::string CompiledSosl(const ToolPlan& plan) {
  soql::Outcome<soql::CompiledSearch> s = soql::CompileSosl(plan.query.text, org::Schema::Crm(), {});
  if (!s.ok()) return "ERROR " + s.error().error_code;
  std::string out;
  for (const soql::SqlQuery& q : s->objects) out += q.PageSql() + " #params=" + std::to_string(q.params.size()) + ";";
  return out;
}

TEST(QueryShape, StatusStringsStayLiterals) {
  ToolPlan benign = PlanToolCall("get_cases", "{\"statuses\":[\"Closed\"]}");
  std::string want = CompiledSoql(benign);
  ASSERT_EQ(want.rfind("ERROR", 0), std::string::npos) << want;
  for (const std::string& s : HostileStrings()) {
    ToolPlan plan = PlanToolCall("get_cases", "{\"statuses\":[\"" + JsonEscape(s) + "\"]}");
    ASSERT_EQ(plan.kind, ToolPlan::Kind::kQuery) << s;
    EXPECT_EQ(CompiledSoql(plan), want) << s << "\n" << plan.query.text;
  }
}

TEST(QueryShape, SearchTermsStayTerms) {
  for (const char* tool : {"search_products", "search_knowledge_articles"}) {
    std::string want = CompiledSosl(PlanToolCall(tool, "{\"search_term\":\"running shorts\"}"));
    ASSERT_EQ(want.rfind("ERROR", 0), std::string::npos) << want;
    int compiled = 0;
    for (const std::string& s : HostileStrings()) {
      ToolPlan plan = PlanToolCall(tool, "{\"search_term\":\"" + JsonEscape(s) + "\"}");
      if (plan.kind != ToolPlan::Kind::kQuery) {
        EXPECT_EQ(plan.result.rfind("Error:", 0), 0u);
        continue;
      }
      std::string got = CompiledSosl(plan);
      // A term with nothing searchable is rejected by the search itself;
      // otherwise the RETURNING shape is exactly the benign one.
      if (got.rfind("ERROR", 0) == 0) {
        EXPECT_TRUE(got == "ERROR INVALID_SEARCH" || got == "ERROR MALFORMED_SEARCH") << s << " " << got;
        continue;
      }
      ++compiled;
      EXPECT_EQ(got, want) << s << "\n" << plan.query.text;
    }
    EXPECT_GT(compiled, 1000) << tool;
  }
}

TEST(QueryShape, HostileIdsAndDatesAreRejected) {
  for (const std::string& s : HostileStrings()) {
    std::string v = JsonEscape(s);
    EXPECT_EQ(PlanToolCall("get_order_item_ids_by_product", "{\"product_id\":\"" + v + "\"}").kind,
              ToolPlan::Kind::kResult) << s;
    EXPECT_EQ(PlanToolCall("get_cases", "{\"case_ids\":[\"" + v + "\"]}").kind, ToolPlan::Kind::kResult) << s;
    EXPECT_EQ(PlanToolCall("get_non_transferred_case_ids",
                           "{\"start_date\":\"" + v + "\",\"end_date\":\"2024-01-01T00:00:00Z\"}").kind,
              ToolPlan::Kind::kResult) << s;
  }
}

}  // namespace
}  // namespace crm::tools
