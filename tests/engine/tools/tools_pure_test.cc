// The tool table, the two observation formats, and what our tools do where
// they differ from the official ones on purpose (no argument may change a
// query's shape). The official behaviour itself is pinned by
// official_conformance_test.cc.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "engine/tools/py_literal.h"
#include "engine/tools/tool.h"

namespace crm::tools {
namespace {

TEST(Tools, TwentySevenToolsInTheOfficialOrder) {
  ASSERT_EQ(AllTools().size(), 27u);
  EXPECT_EQ(ToolSpecs(false).size(), 25u);
  EXPECT_EQ(ToolSpecs(true).size(), 27u);
  // The official TOOLS list puts the transcript tool before the e-mail one,
  // and respond before both; the flex tools come last.
  EXPECT_EQ(AllTools()[22].name, "respond");
  EXPECT_EQ(AllTools()[23].name, "get_livechat_transcript_by_case_id");
  EXPECT_EQ(AllTools()[24].name, "get_email_messages_by_case_id");
  EXPECT_EQ(AllTools()[26].name, "issue_sosl_query");
  for (const ToolInfo& t : AllTools()) {
    rapidjson::Document schema;
    schema.Parse(t.parameters_schema_json.c_str());
    ASSERT_FALSE(schema.HasParseError()) << t.name;
    EXPECT_STREQ(schema["type"].GetString(), "object") << t.name;
    ASSERT_TRUE(schema["properties"].IsObject()) << t.name;
  }
}

TEST(Tools, SchemasKeepTheOfficialRequiredLists) {
  rapidjson::Document schema;
  schema.Parse(FindTool("search_knowledge_articles")->parameters_schema_json.c_str());
  // Official quirk: the property is search_term, the required name keywords.
  ASSERT_TRUE(schema["properties"].HasMember("search_term"));
  EXPECT_STREQ(schema["required"][0].GetString(), "keywords");
  schema.Parse(FindTool("get_cases")->parameters_schema_json.c_str());
  EXPECT_EQ(schema["required"].Size(), 0u);
  EXPECT_EQ(schema["properties"].MemberCount(), 7u);
}

TEST(Tools, FlexToolsAreUnknownWithoutFlex) {
  ToolPlan plan = PlanToolCall("issue_soql_query", "{\"query\":\"SELECT Id FROM Case\"}", false);
  ASSERT_EQ(plan.kind, ToolPlan::Kind::kResult);
  EXPECT_EQ(ShowToolResult(plan.result, ObservationFormat::kOfficial), "Unknown action issue_soql_query");
  EXPECT_TRUE(plan.is_error());
  EXPECT_EQ(PlanToolCall("issue_soql_query", "{\"query\":\"SELECT Id FROM Case\"}", true).kind, ToolPlan::Kind::kQuery);
}

TEST(Tools, TheTwoObservationFormats) {
  ToolPlan plan = PlanToolCall("get_period", "{\"period_name\":\"Winter\",\"year\":2023}");
  EXPECT_EQ(ShowToolResult(plan.result, ObservationFormat::kOfficial),
            "{'start_date': '2023-12-01T00:00:00Z', 'end_date': '2024-03-01T00:00:00Z'}");
  EXPECT_EQ(ShowToolResult(plan.result, ObservationFormat::kJson),
            "{\"start_date\":\"2023-12-01T00:00:00Z\",\"end_date\":\"2024-03-01T00:00:00Z\"}");
  // A str result is its text in both; None is None or null.
  ToolPlan start = PlanToolCall("get_start_date", "{\"end_date\":\"2024-01-01T00:00:00Z\",\"period\":\"day\",\"interval_count\":1}");
  EXPECT_EQ(ShowToolResult(start.result, ObservationFormat::kJson), "2023-12-31T00:00:00Z");
  ToolPlan none = PlanToolCall("find_id_with_max_value", "{\"values_by_id\":{}}");
  EXPECT_EQ(ShowToolResult(none.result, ObservationFormat::kOfficial), "None");
  EXPECT_EQ(ShowToolResult(none.result, ObservationFormat::kJson), "null");
  ObservationFormat f;
  EXPECT_TRUE(ParseObservationFormat("json", &f));
  EXPECT_EQ(f, ObservationFormat::kJson);
  EXPECT_FALSE(ParseObservationFormat("python", &f));
}

TEST(Tools, RespondTakesNonStringsAsJson) {
  ToolPlan respond = PlanToolCall("respond", "{\"content\":\"005Wt00003ordtIIAQ\"}");
  ASSERT_EQ(respond.kind, ToolPlan::Kind::kRespond);
  EXPECT_EQ(respond.result.as_str(), "005Wt00003ordtIIAQ");
  EXPECT_EQ(PlanToolCall("respond", "{\"content\":[\"MA\"]}").result.as_str(), "[\"MA\"]");
  EXPECT_EQ(PlanToolCall("get_period", "{\"period_name\":").result.as_str(), "Error: the arguments are not valid JSON");
}

// Where the official tool writes a value raw between quotes, a quote inside
// would end the literal; ours stays one literal value.
TEST(Tools, QuotesInRawValuesStayInsideTheLiteral) {
  ToolPlan plan = PlanToolCall("get_cases", "{\"agent_ids\":[\"x' OR Id != '\"]}");
  ASSERT_EQ(plan.kind, ToolPlan::Kind::kQuery);
  EXPECT_NE(plan.query.text.find("WHERE OwnerId = 'x\\' OR Id != \\''"), std::string::npos) << plan.query.text;
  plan = PlanToolCall("get_email_messages_by_case_id", "{\"case_id\":\"500\\\\' OR Id != null\"}");
  EXPECT_NE(plan.query.text.find("WHERE ParentId = '500\\\\\\' OR Id != null'"), std::string::npos) << plan.query.text;
  // Lists go in as Python's tuple repr, whose strings never end early.
  plan = PlanToolCall("get_cases", "{\"statuses\":[\"Closed') OR (Id != '\", \"New\"]}");
  EXPECT_NE(plan.query.text.find("Status IN (\"Closed') OR (Id != '\", 'New')"), std::string::npos) << plan.query.text;
}

TEST(Tools, BareDateTextsThatAreNotOneTokenGoInQuoted) {
  ToolPlan plan = PlanToolCall("get_issue_counts", "{\"start_date\":\"2024-01-01T00:00:00Z OR Id != null\","
                                                   "\"end_date\":\"2024-02-01T00:00:00Z\",\"order_item_ids\":[\"x\"]}");
  ASSERT_EQ(plan.kind, ToolPlan::Kind::kQuery);
  EXPECT_NE(plan.query.text.find("CreatedDate >= '2024-01-01T00:00:00Z OR Id != null'"), std::string::npos);
  EXPECT_NE(plan.query.text.find("CreatedDate <= 2024-02-01T00:00:00Z\n"), std::string::npos);
}

TEST(Tools, SearchTermsCannotCloseTheBraces) {
  ToolPlan plan = PlanToolCall("search_products", "{\"search_term\":\"x} RETURNING User(Id) FIND {y\"}");
  ASSERT_EQ(plan.kind, ToolPlan::Kind::kQuery);
  EXPECT_EQ(plan.query.text, "FIND {x\\} RETURNING User(Id) FIND \\{y} IN ALL FIELDS RETURNING Product2(Id, Name, Description)");
}

}  // namespace
}  // namespace crm::tools
