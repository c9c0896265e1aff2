// Case tools: get_cases, shipping states and region closure times, order
// items of a product, issue counts.
#include <algorithm>

#include "engine/tools/query_text.h"
#include "engine/tools/records_view.h"
#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

constexpr const char* kCaseFields = "Id, OwnerId, CreatedDate, ClosedDate, AccountId, Status, IssueId__c, OrderItemId__c";

// Appends " AND <field> IN (...)" for an id-list filter; false when the
// list is empty (no case can match).
bool AddIdFilter(const std::optional<std::vector<std::string>>& ids, const char* field,
                 std::vector<std::string>* where) {
  if (!ids) return true;
  if (ids->empty()) return false;
  where->push_back(std::string(field) + " IN " + IdList(*ids));
  return true;
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

std::string RecordsResult(const QueryOutcome& outcome) {
  std::string error;
  std::optional<std::string> cleaned = CleanRecordsJson(outcome, &error);
  return cleaned ? *cleaned : QueryFailure(error);
}

}  // namespace

ToolPlan GetCases(ArgReader& args) {
  std::optional<int64_t> start = args.DateTime("start_date", false);
  std::optional<int64_t> end = args.DateTime("end_date", false);
  auto agents = args.Ids("agent_ids", false);
  auto cases = args.Ids("case_ids", false);
  auto items = args.Ids("order_item_ids", false);
  auto issues = args.Ids("issue_ids", false);
  auto statuses = args.Strings("statuses", false);
  if (!args.ok()) return TextResult(args.error());
  std::vector<std::string> where;
  if (start) where.push_back("CreatedDate >= " + SoqlDateTime(*start));
  if (end) where.push_back("CreatedDate < " + SoqlDateTime(*end));
  bool possible = AddIdFilter(agents, "OwnerId", &where) && AddIdFilter(cases, "Id", &where) &&
                  AddIdFilter(items, "OrderItemId__c", &where) && AddIdFilter(issues, "IssueId__c", &where);
  if (statuses) {
    std::vector<std::string> literals;
    for (const std::string& s : *statuses) literals.push_back(SoqlStringLiteral(s));
    if (literals.empty()) possible = false;
    where.push_back("Status IN (" + Join(literals, ", ") + ")");
  }
  if (!possible) return TextResult("[]");
  if (where.empty()) {
    return ErrorResult("give at least one filter: start_date, end_date, agent_ids, case_ids, order_item_ids, "
                       "issue_ids or statuses");
  }
  return Query(std::string("SELECT ") + kCaseFields + " FROM Case WHERE " + Join(where, " AND ") +
                   " ORDER BY CreatedDate, Id",
               RecordsResult);
}

ToolPlan GetShippingState(ArgReader& args) {
  const rapidjson::Value* cases = args.Records("cases");
  if (!args.ok()) return TextResult(args.error());
  std::vector<std::string> accounts;
  for (const rapidjson::Value& c : cases->GetArray()) {
    std::string account = FieldText(c, "AccountId");
    if (account.empty()) continue;
    std::optional<std::string> id = CheckedId(account);
    if (!id) return ErrorResult("a case's AccountId is not a valid record Id");
    accounts.push_back(*id);
  }
  std::string cases_json = JsonValue(*cases);
  if (accounts.empty()) return TextResult(cases_json);
  std::sort(accounts.begin(), accounts.end());
  accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
  return Query("SELECT Id, ShippingState FROM Account WHERE Id IN " + IdList(accounts),
               [cases_json](const QueryOutcome& outcome) {
                 std::string error;
                 std::optional<rapidjson::Document> records = ResponseRecords(outcome, &error);
                 if (!records) return QueryFailure(error);
                 std::map<std::string, std::string> states;
                 for (const rapidjson::Value& r : records->GetArray()) {
                   states[FieldText(r, "Id")] = FieldText(r, "ShippingState");
                 }
                 rapidjson::Document doc;
                 doc.Parse(cases_json.c_str());
                 for (rapidjson::Value& c : doc.GetArray()) {
                   std::optional<std::string> id = CheckedId(FieldText(c, "AccountId"));
                   auto it = id ? states.find(*id) : states.end();
                   rapidjson::Value state;
                   if (it != states.end() && !it->second.empty()) state.SetString(it->second.c_str(), doc.GetAllocator());
                   c.EraseMember("ShippingState");
                   c.AddMember("ShippingState", state, doc.GetAllocator());
                 }
                 return JsonValue(doc);
               });
}

ToolPlan CalculateRegionAverageClosureTimes(ArgReader& args) {
  const rapidjson::Value* cases = args.Records("cases");
  if (!args.ok()) return TextResult(args.error());
  std::map<std::string, std::pair<double, int64_t>> sums;
  for (const rapidjson::Value& c : cases->GetArray()) {
    std::string state = FieldText(c, "ShippingState");
    std::optional<int64_t> created = FieldTime(c, "CreatedDate");
    std::optional<int64_t> closed = FieldTime(c, "ClosedDate");
    if (state.empty() || !created || !closed) continue;
    auto& [total, n] = sums[state];
    total += static_cast<double>(*closed - *created);
    ++n;
  }
  std::map<std::string, double> averages;
  for (const auto& [state, sum] : sums) averages[state] = sum.first / static_cast<double>(sum.second);
  return TextResult(JsonNumbers(averages));
}

ToolPlan GetOrderItemIdsByProduct(ArgReader& args) {
  std::optional<std::string> product = args.Id("product_id");
  if (!args.ok()) return TextResult(args.error());
  return Query("SELECT Id FROM OrderItem WHERE Product2Id = '" + *product + "' ORDER BY Id",
               [](const QueryOutcome& outcome) {
                 std::string error;
                 std::optional<rapidjson::Document> records = ResponseRecords(outcome, &error);
                 if (!records) return QueryFailure(error);
                 std::vector<std::string> ids;
                 for (const rapidjson::Value& r : records->GetArray()) ids.push_back(FieldText(r, "Id"));
                 return JsonStringList(ids);
               });
}

ToolPlan GetIssueCounts(ArgReader& args) {
  std::optional<int64_t> start = args.DateTime("start_date");
  std::optional<int64_t> end = args.DateTime("end_date");
  auto items = args.Ids("order_item_ids");
  if (!args.ok()) return TextResult(args.error());
  if (items->empty()) return TextResult("{}");
  return Query("SELECT IssueId__c FROM Case WHERE OrderItemId__c IN " + IdList(*items) +
                   " AND CreatedDate >= " + SoqlDateTime(*start) + " AND CreatedDate <= " + SoqlDateTime(*end),
               [](const QueryOutcome& outcome) {
                 std::string error;
                 std::optional<rapidjson::Document> records = ResponseRecords(outcome, &error);
                 if (!records) return QueryFailure(error);
                 std::map<std::string, int64_t> counts;
                 for (const rapidjson::Value& r : records->GetArray()) {
                   std::string issue = FieldText(r, "IssueId__c");
                   if (!issue.empty()) ++counts[issue];
                 }
                 return JsonCounts(counts);
               });
}

}  // namespace crm::tools::internal
