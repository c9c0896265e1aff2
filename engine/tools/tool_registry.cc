// The tool table: names, Python signatures, descriptions, parameter schemas,
// implementations; PlanToolCall and the rendering of results.
#include <rapidjson/document.h>

#include "core/json_in_situ.h"
#include "engine/tools/tool.h"
#include "engine/tools/tool_impls.h"

namespace crm::tools {
namespace {

using internal::BoundArgs;
using internal::Signature;
using internal::ToolFn;

struct Entry {
  Signature signature;
  const char* description;
  const char* schema;  // the official parameter schema's shape, in our words
  ToolFn fn;           // nullptr for respond (the environment handles it)
  bool flex_only;
};

#define CRM_STR(name, what) "\"" name "\":{\"type\":\"string\",\"description\":\"" what "\"}"
#define CRM_INT(name, what) "\"" name "\":{\"type\":\"integer\",\"description\":\"" what "\"}"
#define CRM_OBJECT(name, what) "\"" name "\":{\"type\":\"object\",\"description\":\"" what "\"}"
#define CRM_STRS(name, what) \
  "\"" name "\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"" what "\"}"
// A list of case records; `fields` are the record properties the tool reads.
#define CRM_RECORDS(name, what, fields, required) \
  "\"" name "\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{" fields "},\"required\":[" required \
  "]},\"description\":\"" what "\"}"
#define CRM_PARAMS(props, required) "{\"type\":\"object\",\"properties\":{" props "},\"required\":[" required "]}"
#define CRM_OWNER CRM_STR("OwnerId", "Id of the agent who owns the case")
#define CRM_CREATED CRM_STR("CreatedDate", "When the case was created")
#define CRM_CLOSED CRM_STR("ClosedDate", "When the case was closed")
#define CRM_DATE_NOTE "Salesforce datetime, e.g. 2024-01-31T00:00:00Z"

// In the official harness's order (functions.py, TOOLS then TOOLS_FULL).
const Entry kEntries[] = {
    {{"get_agents_with_max_cases", {"subset_cases"}, 1},
     "Finds the agents (OwnerId) owning the most cases among the given case records.",
     CRM_PARAMS(CRM_RECORDS("subset_cases", "Case records, each with an OwnerId.", CRM_OWNER, "\"OwnerId\""),
                "\"subset_cases\""),
     internal::GetAgentsWithMaxCases, false},
    {{"get_agents_with_min_cases", {"subset_cases"}, 1},
     "Finds the agents (OwnerId) owning the fewest cases among the given case records.",
     CRM_PARAMS(CRM_RECORDS("subset_cases", "Case records, each with an OwnerId.", CRM_OWNER, "\"OwnerId\""),
                "\"subset_cases\""),
     internal::GetAgentsWithMinCases, false},
    {{"calculate_average_handle_time", {"cases"}, 1},
     "Computes each agent's average handle time in minutes (ClosedDate minus CreatedDate) over the given cases.",
     CRM_PARAMS(CRM_RECORDS("cases", "Case records with CreatedDate, ClosedDate and OwnerId.",
                            CRM_CREATED "," CRM_CLOSED "," CRM_OWNER, "\"CreatedDate\",\"ClosedDate\",\"OwnerId\""),
                "\"cases\""),
     internal::CalculateAverageHandleTime, false},
    {{"get_start_date", {"end_date", "period", "interval_count"}, 3},
     "Gives the date that lies interval_count periods before end_date.",
     CRM_PARAMS(CRM_STR("end_date", "The end date, YYYY-MM-DDTHH:MM:SSZ.") ","
                CRM_STR("period", "One of day, week, month, quarter.") ","
                CRM_INT("interval_count", "How many periods to go back."),
                "\"end_date\",\"period\",\"interval_count\""),
     internal::GetStartDate, false},
    {{"get_period", {"period_name", "year"}, 2},
     "Gives the start and end dates of a named period (a month, a quarter or a season) of a year.",
     CRM_PARAMS(CRM_STR("period_name", "January to December, Q1 to Q4, Spring, Summer, Fall or Winter.") ","
                CRM_INT("year", "The year."),
                "\"period_name\",\"year\""),
     internal::GetPeriod, false},
    {{"get_agent_handled_cases_by_period", {"start_date", "end_date"}, 2},
     "Counts, per agent, the cases assigned to them (owner assignments in the case history) between two dates.",
     CRM_PARAMS(CRM_STR("start_date", "Start of the period, " CRM_DATE_NOTE ".") ","
                CRM_STR("end_date", "End of the period, " CRM_DATE_NOTE "."),
                "\"start_date\",\"end_date\""),
     internal::GetAgentHandledCasesByPeriod, false},
    {{"get_qualified_agent_ids_by_case_count", {"agent_handled_cases", "n_cases"}, 2},
     "Keeps the agents whose handled-case count is greater than n_cases.",
     CRM_PARAMS(CRM_OBJECT("agent_handled_cases", "Case counts by agent Id.") ","
                CRM_INT("n_cases", "The count an agent must exceed."),
                "\"agent_handled_cases\",\"n_cases\""),
     internal::GetQualifiedAgentIdsByCaseCount, false},
    {{"get_cases",
      {"start_date", "end_date", "agent_ids", "case_ids", "order_item_ids", "issue_ids", "statuses"},
      0},
     "Finds the cases matching every filter given (at least one): created on or after start_date and before "
     "end_date, owned by the agents, with the case, order item or issue Ids, in the statuses.",
     CRM_PARAMS(CRM_STR("start_date", "Earliest creation date, " CRM_DATE_NOTE ".") ","
                CRM_STR("end_date", "Creation date before which cases count, " CRM_DATE_NOTE ".") ","
                CRM_STRS("agent_ids", "Agent (User) Ids.") "," CRM_STRS("case_ids", "Case Ids.") ","
                CRM_STRS("order_item_ids", "Order item Ids.") "," CRM_STRS("issue_ids", "Issue Ids.") ","
                CRM_STRS("statuses", "Case statuses."),
                ""),
     internal::GetCases, false},
    {{"get_non_transferred_case_ids", {"start_date", "end_date"}, 2},
     "Finds the cases that had exactly one owner assignment between two dates (never transferred).",
     CRM_PARAMS(CRM_STR("start_date", "Start of the period, " CRM_DATE_NOTE ".") ","
                CRM_STR("end_date", "End of the period, " CRM_DATE_NOTE "."),
                "\"start_date\",\"end_date\""),
     internal::GetNonTransferredCaseIds, false},
    {{"get_agent_transferred_cases_by_period", {"start_date", "end_date", "qualified_agent_ids"}, 2},
     "Counts, per agent, the cases they transferred to another agent between two dates.",
     CRM_PARAMS(CRM_STR("start_date", "Start of the period, " CRM_DATE_NOTE ".") ","
                CRM_STR("end_date", "End of the period, " CRM_DATE_NOTE ".") ","
                CRM_STRS("qualified_agent_ids", "Only count these agents."),
                "\"start_date\",\"end_date\""),
     internal::GetAgentTransferredCasesByPeriod, false},
    {{"get_shipping_state", {"cases"}, 1},
     "Adds the shipping state of each case's account to the given cases.",
     CRM_PARAMS(CRM_RECORDS("cases", "Case records with an AccountId.",
                            CRM_STR("AccountId", "Id of the case's account"), "\"AccountId\""),
                "\"cases\""),
     internal::GetShippingState, false},
    {{"calculate_region_average_closure_times", {"cases"}, 1},
     "Computes the average closure time in seconds per shipping state over the given cases.",
     CRM_PARAMS(CRM_RECORDS("cases", "Case records with ShippingState, CreatedDate and ClosedDate.",
                            CRM_STR("ShippingState", "State of the case's account") "," CRM_CREATED "," CRM_CLOSED,
                            "\"ShippingState\",\"CreatedDate\",\"ClosedDate\""),
                "\"cases\""),
     internal::CalculateRegionAverageClosureTimes, false},
    {{"get_order_item_ids_by_product", {"product_id"}, 1}, "Lists the order item Ids of a product.",
     CRM_PARAMS(CRM_STR("product_id", "The product's Id."), "\"product_id\""), internal::GetOrderItemIdsByProduct,
     false},
    {{"get_issue_counts", {"start_date", "end_date", "order_item_ids"}, 3},
     "Counts the cases per issue among the cases on the given order items created between two dates.",
     CRM_PARAMS(CRM_STR("start_date", "Start of the period, " CRM_DATE_NOTE ".") ","
                CRM_STR("end_date", "End of the period, " CRM_DATE_NOTE ".") ","
                CRM_STRS("order_item_ids", "Order item Ids."),
                "\"start_date\",\"end_date\",\"order_item_ids\""),
     internal::GetIssueCounts, false},
    {{"find_id_with_max_value", {"values_by_id"}, 1}, "Finds the Id(s) holding the largest value.",
     CRM_PARAMS(CRM_OBJECT("values_by_id", "Numbers by Id."), "\"values_by_id\""), internal::FindIdWithMaxValue, false},
    {{"find_id_with_min_value", {"values_by_id"}, 1}, "Finds the Id(s) holding the smallest value.",
     CRM_PARAMS(CRM_OBJECT("values_by_id", "Numbers by Id."), "\"values_by_id\""), internal::FindIdWithMinValue, false},
    {{"get_account_id_by_contact_id", {"contact_id"}, 1}, "Gives the Id of a contact's account.",
     CRM_PARAMS(CRM_STR("contact_id", "The contact's Id."), "\"contact_id\""), internal::GetAccountIdByContactId, false},
    {{"get_purchase_history", {"account_id", "purchase_date", "related_product_ids"}, 3},
     "Finds which of the given products the account bought in an activated order on the given date.",
     CRM_PARAMS(CRM_STR("account_id", "The account's Id.") ","
                CRM_STR("purchase_date", "The purchase date, YYYY-MM-DDTHH:MM:SSZ.") ","
                CRM_STRS("related_product_ids", "Product Ids to look for."),
                "\"account_id\",\"purchase_date\",\"related_product_ids\""),
     internal::GetPurchaseHistory, false},
    {{"get_month_to_case_count", {"cases"}, 1}, "Counts the given cases per month of creation (month names).",
     CRM_PARAMS(CRM_RECORDS("cases", "Case records with a CreatedDate.", CRM_CREATED, "\"CreatedDate\""), "\"cases\""),
     internal::GetMonthToCaseCount, false},
    // The official schema requires "keywords", a name it does not define;
    // models see that schema, so ours says the same.
    {{"search_knowledge_articles", {"search_term"}, 1},
     "Searches the published knowledge articles; gives each match's Id, Title and Content.",
     CRM_PARAMS(CRM_STR("search_term", "What to search for."), "\"keywords\""), internal::SearchKnowledgeArticles,
     false},
    {{"search_products", {"search_term"}, 1}, "Searches the products; gives the Ids of the matches.",
     CRM_PARAMS(CRM_STR("search_term", "What to search for."), "\"search_term\""), internal::SearchProducts, false},
    {{"get_issues", {}, 0}, "Lists every issue kind (Id and Name).", CRM_PARAMS("", ""), internal::GetIssues, false},
    {{"respond", {"content"}, 1}, "Gives the final answer to the user.",
     CRM_PARAMS(CRM_STR("content", "The answer."), "\"content\""), nullptr, false},
    {{"get_livechat_transcript_by_case_id", {"case_id"}, 1}, "Gives the live chat transcripts of a case.",
     CRM_PARAMS(CRM_STR("case_id", "The case's Id."), "\"case_id\""), internal::GetLivechatTranscriptByCaseId, false},
    {{"get_email_messages_by_case_id", {"case_id"}, 1}, "Gives the e-mail messages of a case.",
     CRM_PARAMS(CRM_STR("case_id", "The case's Id."), "\"case_id\""), internal::GetEmailMessagesByCaseId, false},
    {{"issue_soql_query", {"query"}, 1}, "Runs a SOQL query against the Salesforce org and gives the records.",
     CRM_PARAMS(CRM_STR("query", "The SOQL query."), "\"query\""), internal::IssueSoqlQuery, true},
    {{"issue_sosl_query", {"query"}, 1}, "Runs a SOSL search against the Salesforce org and gives the records.",
     CRM_PARAMS(CRM_STR("query", "The SOSL search."), "\"query\""), internal::IssueSoslQuery, true},
};

#undef CRM_STR
#undef CRM_INT
#undef CRM_OBJECT
#undef CRM_STRS
#undef CRM_RECORDS
#undef CRM_PARAMS
#undef CRM_OWNER
#undef CRM_CREATED
#undef CRM_CLOSED
#undef CRM_DATE_NOTE

const Entry* FindEntry(std::string_view name) {
  for (const Entry& e : kEntries) {
    if (name == e.signature.function) return &e;
  }
  return nullptr;
}

// The environment reads respond's content itself (action["arguments"]["content"]);
// a missing key or a non-dict is an error observation, and the episode goes on.
ToolPlan PlanRespond(const py::Value& arguments) {
  if (!arguments.is_dict()) {
    switch (arguments.type()) {
      case py::Value::Type::kList: return internal::ReturnsText("Error: list indices must be integers or slices, not str");
      case py::Value::Type::kStr: return internal::ReturnsText("Error: string indices must be integers, not 'str'");
      default: return internal::ReturnsText("Error: '" + std::string(arguments.type_name()) + "' object is not subscriptable");
    }
  }
  const py::Value* content = arguments.Find("content");
  if (!content) return internal::ReturnsText("Error: 'content'");
  ToolPlan plan;
  plan.kind = ToolPlan::Kind::kRespond;
  // A list or number is taken as its JSON text: models often answer ["id"].
  plan.result = py::Value::Str(content->is_str() ? content->as_str() : py::ToJson(*content));
  return plan;
}

}  // namespace

const char* QueryLanguageName(QueryLanguage language) { return language == QueryLanguage::kSosl ? "sosl" : "soql"; }

bool ToolPlan::is_error() const {
  if (kind != Kind::kResult || !result.is_str()) return false;
  const std::string& text = result.as_str();
  return text.rfind("Error:", 0) == 0 || text.rfind("Unknown action ", 0) == 0;
}

ToolPlan PlanToolCall(std::string_view name, std::string_view arguments_json, bool flex) {
  const Entry* entry = FindEntry(name);
  if (!entry || (entry->flex_only && !flex)) return internal::ReturnsText("Unknown action " + std::string(name.substr(0, 200)));
  json::InSituDocument parsed;  // a call's arguments parse without touching the heap's slow path
  std::string_view text = arguments_json;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  py::Value arguments = py::Value::Dict();  // no arguments at all: an empty call
  if (!text.empty()) {
    if (!parsed.Parse(text, json::InSituDocument::Numbers::kExact)) return internal::ReturnsText("Error: the arguments are not valid JSON");
    arguments = py::FromJson(parsed.doc());
  }
  if (!entry->fn) return PlanRespond(arguments);
  std::variant<BoundArgs, std::string> bound = internal::Bind(entry->signature, arguments);
  if (const std::string* error = std::get_if<std::string>(&bound)) return internal::ReturnsText("Error: " + *error);
  return entry->fn(std::get<BoundArgs>(bound));
}

const char* ObservationFormatName(ObservationFormat format) {
  return format == ObservationFormat::kJson ? "json" : "official";
}

bool ParseObservationFormat(std::string_view name, ObservationFormat* format) {
  if (name == "official") {
    *format = ObservationFormat::kOfficial;
  } else if (name == "json") {
    *format = ObservationFormat::kJson;
  } else {
    return false;
  }
  return true;
}

std::string ShowToolResult(const py::Value& result, ObservationFormat format) {
  if (result.is_str()) return result.as_str();
  return format == ObservationFormat::kJson ? py::ToJson(result) : py::Repr(result);
}

const std::vector<ToolInfo>& AllTools() {
  static const std::vector<ToolInfo> kTools = [] {
    std::vector<ToolInfo> out;
    for (const Entry& e : kEntries) out.push_back({e.signature.function, e.description, e.schema, e.flex_only});
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
