// Tools that need no query, argument checking, and query-shape safety.
#include <gtest/gtest.h>

#include "engine/tools/query_text.h"
#include "engine/tools/tool.h"

namespace crm::tools {
namespace {

std::string Result(const std::string& name, const std::string& args) {
  ToolPlan plan = PlanToolCall(name, args);
  EXPECT_EQ(plan.kind, ToolPlan::Kind::kResult) << name << " " << args;
  return plan.result;
}

std::string QueryText(const std::string& name, const std::string& args) {
  ToolPlan plan = PlanToolCall(name, args);
  EXPECT_EQ(plan.kind, ToolPlan::Kind::kQuery) << plan.result;
  return plan.query.text;
}

TEST(Tools, TwentySevenTools) {
  EXPECT_EQ(AllTools().size(), 27u);
  EXPECT_EQ(ToolSpecs(false).size(), 25u);
  EXPECT_EQ(ToolSpecs(true).size(), 27u);
  for (const ToolInfo& t : AllTools()) {
    EXPECT_NE(t.parameters_schema_json.find("\"type\":\"object\""), std::string::npos) << t.name;
  }
}

TEST(Tools, StartDateIsCalendarAware) {
  auto start = [](const char* end, const char* period, int n) {
    return Result("get_start_date", std::string("{\"end_date\":\"") + end + "\",\"period\":\"" + period +
                                        "\",\"interval_count\":" + std::to_string(n) + "}");
  };
  EXPECT_EQ(start("2024-03-31T00:00:00Z", "month", 1), "\"2024-02-29T00:00:00Z\"");
  EXPECT_EQ(start("2023-03-31T00:00:00Z", "month", 1), "\"2023-02-28T00:00:00Z\"");
  EXPECT_EQ(start("2024-05-31T00:00:00Z", "quarter", 1), "\"2024-02-29T00:00:00Z\"");
  EXPECT_EQ(start("2024-01-10T00:00:00Z", "week", 2), "\"2023-12-27T00:00:00Z\"");
  EXPECT_EQ(start("2024-01-01T00:00:00Z", "day", 1), "\"2023-12-31T00:00:00Z\"");
  EXPECT_EQ(start("2024-01-15T00:00:00Z", "months", 13), "\"2022-12-15T00:00:00Z\"");
  EXPECT_EQ(start("2024-01-15T00:00:00Z", "fortnight", 1).rfind("Error:", 0), 0u);
}

TEST(Tools, NamedPeriods) {
  EXPECT_EQ(Result("get_period", "{\"period_name\":\"Winter\",\"year\":2023}"),
            "{\"start_date\":\"2023-12-01T00:00:00Z\",\"end_date\":\"2024-03-01T00:00:00Z\"}");
  EXPECT_EQ(Result("get_period", "{\"period_name\":\"february\",\"year\":2024}"),
            "{\"start_date\":\"2024-02-01T00:00:00Z\",\"end_date\":\"2024-03-01T00:00:00Z\"}");
  EXPECT_EQ(Result("get_period", "{\"period_name\":\"Q4\",\"year\":2022}"),
            "{\"start_date\":\"2022-10-01T00:00:00Z\",\"end_date\":\"2023-01-01T00:00:00Z\"}");
  EXPECT_EQ(Result("get_period", "{\"period_name\":\"Fall\",\"year\":2021}"),
            "{\"start_date\":\"2021-09-01T00:00:00Z\",\"end_date\":\"2021-12-01T00:00:00Z\"}");
  EXPECT_EQ(Result("get_period", "{\"period_name\":\"Spring\",\"year\":\"2021\"}"),
            "{\"start_date\":\"2021-03-01T00:00:00Z\",\"end_date\":\"2021-06-01T00:00:00Z\"}");
  EXPECT_EQ(Result("get_period", "{\"period_name\":\"Monsoon\",\"year\":2021}").rfind("Error:", 0), 0u);
}

TEST(Tools, PureAggregations) {
  std::string cases = "[{\"OwnerId\":\"a\"},{\"OwnerId\":\"b\"},{\"OwnerId\":\"a\"},{\"OwnerId\":\"c\"},{\"OwnerId\":\"c\"}]";
  EXPECT_EQ(Result("get_agents_with_max_cases", "{\"subset_cases\":" + cases + "}"), "[\"a\",\"c\"]");
  EXPECT_EQ(Result("get_agents_with_min_cases", "{\"subset_cases\":" + cases + "}"), "[\"b\"]");
  EXPECT_EQ(Result("get_agents_with_max_cases", "{\"subset_cases\":[]}"), "[]");
  EXPECT_EQ(Result("find_id_with_max_value", "{\"values_by_id\":{\"x\":1.5,\"y\":3,\"z\":3}}"), "[\"y\",\"z\"]");
  EXPECT_EQ(Result("find_id_with_min_value", "{\"values_by_id\":{\"x\":1.5,\"y\":3}}"), "[\"x\"]");
  EXPECT_EQ(Result("get_qualified_agent_ids_by_case_count", "{\"agent_handled_cases\":{\"a\":3,\"b\":1,\"c\":2},\"n_cases\":1}"),
            "[\"a\",\"c\"]");
  std::string timed = "[{\"OwnerId\":\"a\",\"CreatedDate\":\"2024-01-01T00:00:00.000+0000\",\"ClosedDate\":\"2024-01-01T01:00:00.000+0000\"},"
                      "{\"OwnerId\":\"a\",\"CreatedDate\":\"2024-01-01T00:00:00.000+0000\",\"ClosedDate\":\"2024-01-01T03:00:00.000+0000\"},"
                      "{\"OwnerId\":\"b\",\"CreatedDate\":\"2024-02-01T00:00:00.000+0000\",\"ClosedDate\":null}]";
  EXPECT_EQ(Result("calculate_average_handle_time", "{\"cases\":" + timed + "}"), "{\"a\":120.0}");
  EXPECT_EQ(Result("get_month_to_case_count", "{\"cases\":" + timed + "}"), "{\"January\":2,\"February\":1}");
}

TEST(Tools, ArgumentErrors) {
  EXPECT_EQ(Result("no_such_tool", "{}"), "Error: unknown tool 'no_such_tool'");
  EXPECT_EQ(Result("get_period", "{\"period_name\":"), "Error: the arguments are not valid JSON");
  EXPECT_EQ(Result("get_period", "[1]"), "Error: the arguments must be a JSON object");
  EXPECT_EQ(Result("get_period", "{\"year\":2024}"), "Error: missing required argument 'period_name'");
  EXPECT_EQ(Result("get_period", "{\"period_name\":7,\"year\":2024}"), "Error: argument 'period_name' must be a string");
  EXPECT_EQ(Result("get_start_date", "{\"end_date\":\"yesterday\",\"period\":\"day\",\"interval_count\":1}"),
            "Error: argument 'end_date' must be a datetime like 2024-03-01T00:00:00Z");
  EXPECT_EQ(Result("get_start_date", "{\"end_date\":\"2024-01-01T00:00:00Z\",\"period\":\"day\",\"interval_count\":[1]}"),
            "Error: argument 'interval_count' must be an integer");
  EXPECT_EQ(Result("get_cases", "{}").rfind("Error: give at least one filter", 0), 0u);
  EXPECT_EQ(Result("get_cases", "{\"case_ids\":\"500x\"}"), "Error: argument 'case_ids' must be a list of strings");
  EXPECT_EQ(Result("get_cases", "{\"case_ids\":[]}"), "[]");
  EXPECT_EQ(Result("get_agents_with_max_cases", "{\"subset_cases\":[1,2]}"),
            "Error: argument 'subset_cases' must be a list of records (objects)");
  EXPECT_EQ(Result("find_id_with_max_value", "{\"values_by_id\":{\"a\":\"x\"}}"),
            "Error: argument 'values_by_id' must map each id to a number");
  EXPECT_EQ(Result("search_products", "{\"search_term\":\"  \"}"),
            "Error: argument 'search_term' must contain something to search for");
  ToolPlan respond = PlanToolCall("respond", "{\"content\":\"005Wt00003ordtIIAQ\"}");
  EXPECT_EQ(respond.kind, ToolPlan::Kind::kRespond);
  EXPECT_EQ(respond.result, "005Wt00003ordtIIAQ");
  EXPECT_EQ(PlanToolCall("respond", "{\"content\":[\"MA\"]}").result, "[\"MA\"]");
}

// Injection attempts never reach a query as anything but data.
TEST(Tools, IdsAreValidatedNotEscaped) {
  for (const char* bad : {"'; DROP TABLE Case; --", "') OR Id != ('", "500Wt00003ordsuIAA' OR Id != '",
                          "500Wt00003ordsuIAA\n OR Id != null", "} OR {"}) {
    std::string arg = std::string(bad);
    std::string json;
    for (char c : arg) json += c == '\n' ? std::string("\\n") : c == '"' ? std::string("\\\"") : std::string(1, c);
    EXPECT_EQ(Result("get_email_messages_by_case_id", "{\"case_id\":\"" + json + "\"}"),
              "Error: argument 'case_id' is not a valid record Id") << bad;
    EXPECT_EQ(Result("get_cases", "{\"agent_ids\":[\"" + json + "\"]}"),
              "Error: argument 'agent_ids' holds a value that is not a record Id") << bad;
  }
}

TEST(Tools, StringsAreEscapedSoTheShapeStays) {
  std::string text = QueryText("get_cases", "{\"statuses\":[\"Closed') OR Id != ('\", \"x'; DROP TABLE Case; --\", \"a\\\\' OR '1\\n\"]}");
  EXPECT_EQ(text, "SELECT Id, OwnerId, CreatedDate, ClosedDate, AccountId, Status, IssueId__c, OrderItemId__c FROM "
                  "Case WHERE Status IN ('Closed\\') OR Id != (\\'', 'x\\'; DROP TABLE Case; --', "
                  "'a\\\\\\' OR \\'1\\n') ORDER BY CreatedDate, Id");
  // The compiler sees one IN list of three strings.
  EXPECT_EQ(SoqlStringLiteral("it's"), "'it\\'s'");
  EXPECT_EQ(SoqlStringLiteral("back\\slash"), "'back\\\\slash'");
}

TEST(Tools, SearchTermsAreEscaped) {
  EXPECT_EQ(SoslSearchTerm("} OR {"), "\\} \"OR\" \\{");
  EXPECT_EQ(SoslSearchTerm("shorts} RETURNING User(Id"), "shorts\\} RETURNING User\\(Id");
  EXPECT_EQ(SoslSearchTerm("trail\nrunning"), "trail running");
  EXPECT_EQ(SoslSearchTerm("a*b? \"x\" and not"), "a\\*b\\? \\\"x\\\" \"and\" \"not\"");
  std::string q = QueryText("search_products", "{\"search_term\":\"} RETURNING User(Id) FIND {x\"}");
  EXPECT_EQ(q, "FIND {\\} RETURNING User\\(Id\\) FIND \\{x} IN ALL FIELDS RETURNING Product2(Id, Name)");
}

TEST(Tools, DatesAreReformatted) {
  std::string q = QueryText("get_agent_handled_cases_by_period",
                            "{\"start_date\":\"2024-01-01\",\"end_date\":\"2024-02-01T10:00:00+02:00\"}");
  EXPECT_EQ(q, "SELECT NewValue__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND CreatedDate >= "
               "2024-01-01T00:00:00Z AND CreatedDate <= 2024-02-01T08:00:00Z");
  EXPECT_EQ(Result("get_agent_handled_cases_by_period",
                   "{\"start_date\":\"2024-01-01T00:00:00Z OR Id != null\",\"end_date\":\"2024-02-01\"}"),
            "Error: argument 'start_date' must be a datetime like 2024-03-01T00:00:00Z");
}

}  // namespace
}  // namespace crm::tools
