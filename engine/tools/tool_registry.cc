// The tool table: names, descriptions, parameter schemas, implementations.
#include <rapidjson/document.h>

#include "core/json_in_situ.h"
#include "engine/tools/tool.h"
#include "engine/tools/tool_impls.h"

namespace crm::tools {
namespace {

using internal::ToolFn;

struct Entry {
  const char* name;
  const char* description;
  const char* schema;
  ToolFn fn;
  bool flex_only;
};

#define CRM_DATE_PROP(name, what) "\"" name "\":{\"type\":\"string\",\"description\":\"" what " as YYYY-MM-DDTHH:MM:SSZ\"}"
#define CRM_IDS_PROP(name, what) "\"" name "\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"" what "\"}"
#define CRM_RECORDS_PROP(name, what) "\"" name "\":{\"type\":\"array\",\"items\":{\"type\":\"object\"},\"description\":\"" what "\"}"
#define CRM_OBJ(props, required) "{\"type\":\"object\",\"properties\":{" props "},\"required\":[" required "]}"

const Entry kEntries[] = {
    {"get_agents_with_max_cases", "Returns the Ids of the agents (OwnerId) who own the most of the given cases.",
     CRM_OBJ(CRM_RECORDS_PROP("subset_cases", "Case records, each with an OwnerId"), "\"subset_cases\""),
     internal::GetAgentsWithMaxCases, false},
    {"get_agents_with_min_cases", "Returns the Ids of the agents (OwnerId) who own the fewest of the given cases.",
     CRM_OBJ(CRM_RECORDS_PROP("subset_cases", "Case records, each with an OwnerId"), "\"subset_cases\""),
     internal::GetAgentsWithMinCases, false},
    {"calculate_average_handle_time",
     "Average handle time (ClosedDate minus CreatedDate, in minutes) per agent over the given closed cases.",
     CRM_OBJ(CRM_RECORDS_PROP("cases", "Case records with CreatedDate, ClosedDate and OwnerId"), "\"cases\""),
     internal::CalculateAverageHandleTime, false},
    {"get_start_date", "The date that lies interval_count periods (day, week, month or quarter) before end_date.",
     CRM_OBJ(CRM_DATE_PROP("end_date", "End of the interval")
             ",\"period\":{\"type\":\"string\",\"enum\":[\"day\",\"week\",\"month\",\"quarter\"]},"
             "\"interval_count\":{\"type\":\"integer\",\"description\":\"How many periods to go back\"}",
             "\"end_date\",\"period\",\"interval_count\""),
     internal::GetStartDate, false},
    {"get_period",
     "Start and end (exclusive) of a named period of a year: a month name, Q1..Q4, Spring, Summer, Fall or Winter "
     "(Winter runs from December of the year into the next year).",
     CRM_OBJ("\"period_name\":{\"type\":\"string\",\"description\":\"January..December, Q1..Q4, Spring, Summer, Fall "
             "or Winter\"},\"year\":{\"type\":\"integer\"}",
             "\"period_name\",\"year\""),
     internal::GetPeriod, false},
    {"get_agent_handled_cases_by_period",
     "Number of owner assignments each agent received between start_date and end_date (inclusive), by agent Id.",
     CRM_OBJ(CRM_DATE_PROP("start_date", "Start of the period") "," CRM_DATE_PROP("end_date", "End of the period"),
             "\"start_date\",\"end_date\""),
     internal::GetAgentHandledCasesByPeriod, false},
    {"get_qualified_agent_ids_by_case_count", "Ids of the agents whose handled-case count is greater than n_cases.",
     CRM_OBJ("\"agent_handled_cases\":{\"type\":\"object\",\"description\":\"Counts by agent Id\"},"
             "\"n_cases\":{\"type\":\"integer\"}",
             "\"agent_handled_cases\",\"n_cases\""),
     internal::GetQualifiedAgentIdsByCaseCount, false},
    {"get_cases",
     "Case records (Id, OwnerId, CreatedDate, ClosedDate, AccountId, Status, IssueId__c, OrderItemId__c) matching "
     "every filter given: CreatedDate >= start_date and < end_date, and the listed Ids and statuses. Give at least "
     "one filter.",
     CRM_OBJ(CRM_DATE_PROP("start_date", "Earliest CreatedDate") "," CRM_DATE_PROP("end_date", "CreatedDate before this")
             "," CRM_IDS_PROP("agent_ids", "Owner (User) Ids") "," CRM_IDS_PROP("case_ids", "Case Ids")
             "," CRM_IDS_PROP("order_item_ids", "OrderItem Ids") "," CRM_IDS_PROP("issue_ids", "Issue__c Ids")
             "," CRM_IDS_PROP("statuses", "Case statuses such as Closed"),
             ""),
     internal::GetCases, false},
    {"get_non_transferred_case_ids",
     "Ids of the cases that received exactly one owner assignment between start_date and end_date (inclusive).",
     CRM_OBJ(CRM_DATE_PROP("start_date", "Start of the period") "," CRM_DATE_PROP("end_date", "End of the period"),
             "\"start_date\",\"end_date\""),
     internal::GetNonTransferredCaseIds, false},
    {"get_agent_transferred_cases_by_period",
     "Number of cases each agent transferred to another agent between start_date and end_date (inclusive), by agent "
     "Id; with qualified_agent_ids, exactly those agents (zero when they transferred none).",
     CRM_OBJ(CRM_DATE_PROP("start_date", "Start of the period") "," CRM_DATE_PROP("end_date", "End of the period")
             "," CRM_IDS_PROP("qualified_agent_ids", "Only these agents"),
             "\"start_date\",\"end_date\""),
     internal::GetAgentTransferredCasesByPeriod, false},
    {"get_shipping_state", "The given cases, each with the ShippingState of its account added.",
     CRM_OBJ(CRM_RECORDS_PROP("cases", "Case records with AccountId"), "\"cases\""), internal::GetShippingState, false},
    {"calculate_region_average_closure_times",
     "Average closure time (ClosedDate minus CreatedDate, in seconds) per shipping state over the given cases.",
     CRM_OBJ(CRM_RECORDS_PROP("cases", "Case records with ShippingState, CreatedDate and ClosedDate"), "\"cases\""),
     internal::CalculateRegionAverageClosureTimes, false},
    {"get_order_item_ids_by_product", "Ids of the order items of a product.",
     CRM_OBJ("\"product_id\":{\"type\":\"string\",\"description\":\"Product2 Id\"}", "\"product_id\""),
     internal::GetOrderItemIdsByProduct, false},
    {"get_issue_counts",
     "Number of cases per issue (IssueId__c) among the cases on the given order items created between start_date "
     "and end_date (inclusive).",
     CRM_OBJ(CRM_DATE_PROP("start_date", "Start of the period") "," CRM_DATE_PROP("end_date", "End of the period")
             "," CRM_IDS_PROP("order_item_ids", "OrderItem Ids"),
             "\"start_date\",\"end_date\",\"order_item_ids\""),
     internal::GetIssueCounts, false},
    {"find_id_with_max_value", "The key(s) of values_by_id with the largest value.",
     CRM_OBJ("\"values_by_id\":{\"type\":\"object\",\"description\":\"Numbers by Id\"}", "\"values_by_id\""),
     internal::FindIdWithMaxValue, false},
    {"find_id_with_min_value", "The key(s) of values_by_id with the smallest value.",
     CRM_OBJ("\"values_by_id\":{\"type\":\"object\",\"description\":\"Numbers by Id\"}", "\"values_by_id\""),
     internal::FindIdWithMinValue, false},
    {"get_account_id_by_contact_id", "The Account Id of a contact.",
     CRM_OBJ("\"contact_id\":{\"type\":\"string\",\"description\":\"Contact Id\"}", "\"contact_id\""),
     internal::GetAccountIdByContactId, false},
    {"get_purchase_history",
     "Order items (Id, Product2Id, OrderId) of the account's activated orders whose EffectiveDate is purchase_date, "
     "restricted to the given products.",
     CRM_OBJ("\"account_id\":{\"type\":\"string\"},\"purchase_date\":{\"type\":\"string\",\"description\":"
             "\"YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ\"}," CRM_IDS_PROP("related_product_ids", "Product2 Ids"),
             "\"account_id\",\"purchase_date\",\"related_product_ids\""),
     internal::GetPurchaseHistory, false},
    {"get_month_to_case_count", "Number of the given cases created in each calendar month, by month name.",
     CRM_OBJ(CRM_RECORDS_PROP("cases", "Case records with CreatedDate"), "\"cases\""),
     internal::GetMonthToCaseCount, false},
    {"search_knowledge_articles", "Full-text search of the online knowledge articles: [{Id, Title, Content}].",
     CRM_OBJ("\"search_term\":{\"type\":\"string\"}", ""), internal::SearchKnowledgeArticles, false},
    {"search_products", "Full-text search of the products: their Ids.",
     CRM_OBJ("\"search_term\":{\"type\":\"string\"}", "\"search_term\""), internal::SearchProducts, false},
    {"get_issues", "Every issue kind: [{Id, Name}].", CRM_OBJ("", ""), internal::GetIssues, false},
    {"get_email_messages_by_case_id",
     "The e-mails of a case (Subject, TextBody, FromAddress, ToAddress, MessageDate), oldest first.",
     CRM_OBJ("\"case_id\":{\"type\":\"string\"}", "\"case_id\""), internal::GetEmailMessagesByCaseId, false},
    {"get_livechat_transcript_by_case_id", "The live chat transcripts of a case (Body, EndTime).",
     CRM_OBJ("\"case_id\":{\"type\":\"string\"}", "\"case_id\""), internal::GetLivechatTranscriptByCaseId, false},
    {"respond", "Gives your final answer to the user; this ends the task.",
     CRM_OBJ("\"content\":{\"type\":\"string\",\"description\":\"The answer\"}", "\"content\""), internal::Respond,
     false},
    {"issue_soql_query", "Runs a SOQL query and returns the records.",
     CRM_OBJ("\"query\":{\"type\":\"string\",\"description\":\"SOQL\"}", "\"query\""), internal::IssueSoqlQuery, true},
    {"issue_sosl_query", "Runs a SOSL search (FIND ...) and returns the records.",
     CRM_OBJ("\"query\":{\"type\":\"string\",\"description\":\"SOSL\"}", "\"query\""), internal::IssueSoslQuery, true},
};

#undef CRM_DATE_PROP
#undef CRM_IDS_PROP
#undef CRM_RECORDS_PROP
#undef CRM_OBJ

const Entry* FindEntry(std::string_view name) {
  for (const Entry& e : kEntries) {
    if (name == e.name) return &e;
  }
  return nullptr;
}

}  // namespace

const char* QueryLanguageName(QueryLanguage language) { return language == QueryLanguage::kSosl ? "sosl" : "soql"; }

ToolPlan PlanToolCall(std::string_view name, std::string_view arguments_json) {
  const Entry* entry = FindEntry(name);
  if (!entry) return internal::ErrorResult("unknown tool '" + std::string(name.substr(0, 100)) + "'");
  json::InSituDocument parsed;  // a call's arguments parse without touching the heap's slow path
  rapidjson::Document& args = parsed.doc();
  std::string_view text = arguments_json;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (text.empty()) {
    args.SetObject();
  } else {
    if (!parsed.Parse(text)) return internal::ErrorResult("the arguments are not valid JSON");
    if (!args.IsObject()) return internal::ErrorResult("the arguments must be a JSON object");
  }
  internal::ArgReader reader(args);
  return entry->fn(reader);
}

const std::vector<ToolInfo>& AllTools() {
  static const std::vector<ToolInfo> kTools = [] {
    std::vector<ToolInfo> out;
    for (const Entry& e : kEntries) out.push_back({e.name, e.description, e.schema, e.flex_only});
    return out;
  }();
  return kTools;
}

const ToolInfo* FindTool(std::string_view name) {
  for (const ToolInfo& t : AllTools()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::vector<chat::ToolSpec> ToolSpecs(bool flex) {
  std::vector<chat::ToolSpec> out;
  for (const ToolInfo& t : AllTools()) {
    if (t.flex_only && !flex) continue;
    out.push_back({t.name, t.description, t.parameters_schema_json});
  }
  return out;
}

}  // namespace crm::tools
