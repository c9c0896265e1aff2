// Case tools: get_cases, shipping states and region closure times, order
// items of a product, issue counts.
#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

// One get_cases id or status filter: "Field = 'x'" for one item, else
// "Field IN ('x', 'y')" (the tuple's repr).
std::string ListFilter(const char* field, const py::Value& items) {
  if (items.items().size() == 1) return std::string(field) + " = " + QuotedStr(items.items()[0]);
  return std::string(field) + " IN " + TupleRepr(items.items());
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
  return out;
}

}  // namespace

ToolPlan GetCases(const BoundArgs& args) {
  std::vector<std::string> where;
  struct DateFilter {
    const char* param;
    const char* op;
  };
  for (DateFilter f : {DateFilter{"start_date", ">="}, DateFilter{"end_date", "<"}}) {
    const py::Value& v = args[f.param];
    if (!v.truthy()) continue;
    const std::string param = f.param;
    if (!v.is_str()) return ReturnsText("Error: " + param + " must be a string in Salesforce datetime format");
    if (!IsToolDate(v)) return ReturnsText("Error: " + param + " must be in the format 'YYYY-MM-DDTHH:MM:SSZ'");
    where.push_back(std::string("CreatedDate ") + f.op + " " + BareToken(v.as_str()));
  }
  struct ListParam {
    const char* param;
    const char* field;
  };
  for (ListParam f : {ListParam{"agent_ids", "OwnerId"}, ListParam{"case_ids", "Id"},
                      ListParam{"order_item_ids", "OrderItemId__c"}, ListParam{"issue_ids", "IssueId__c"},
                      ListParam{"statuses", "Status"}}) {
    const py::Value& v = args[f.param];
    if (!v.truthy()) continue;  // None and [] filter nothing
    if (!v.is_list()) return ReturnsText("Error: " + std::string(f.param) + " must be a list");
    where.push_back(ListFilter(f.field, v));
  }
  if (where.empty()) return ReturnsText("Error: At least one filter criteria must be provided");
  return Query(SoqlBlock({"SELECT OwnerId, CreatedDate, ClosedDate, AccountId", "FROM Case"}) + " WHERE " +
                   Join(where, " AND "),
               RecordsAsIs);
}

ToolPlan GetShippingState(const BoundArgs& args) {
  const py::Value& cases = args["cases"];
  if (!cases.is_list()) return ReturnsText("Error: Input 'cases' must be a list");
  if (cases.items().empty()) return Returns(cases);
  std::vector<py::Value> accounts;
  for (const py::Value& c : cases.items()) {
    if (!c.is_dict()) return ReturnsText("Error: Each case in 'cases' must be a dictionary");
    const py::Value* account = c.Find("AccountId");
    if (!account) return ReturnsText("Error: Each case dictionary must contain an 'AccountId' key");
    accounts.push_back(*account);
  }
  std::string where = accounts.size() == 1 ? " WHERE Id = " + QuotedStr(accounts[0]) : " WHERE Id IN " + TupleRepr(accounts);
  return Query(SoqlBlock({"SELECT Id, ShippingState", "FROM Account"}) + where,
               OnRecords([cases](const std::vector<py::Value>& records) {
                 std::unordered_map<std::string, py::Value> states;  // by Id (always a str)
                 for (const py::Value& r : records) {
                   const py::Value* id = r.Find("Id");
                   if (!id) return Unexpected(KeyErrorText("Id"));
                   const py::Value* state = r.Find("ShippingState");
                   if (!state) return Unexpected(KeyErrorText("ShippingState"));
                   states[id->as_str()] = *state;
                 }
                 py::Value out = cases;
                 for (py::Value& c : out.items()) {
                   const py::Value& account = *c.Find("AccountId");
                   if (!account.hashable()) {
                     return Unexpected("unhashable type: '" + std::string(account.type_name()) + "'");
                   }
                   auto it = account.is_str() ? states.find(account.as_str()) : states.end();
                   c.Set("ShippingState", it == states.end() ? py::Value() : it->second);
                 }
                 return out;
               }));
}

ToolPlan CalculateRegionAverageClosureTimes(const BoundArgs& args) {
  const py::Value& cases = args["cases"];
  if (!cases.is_list()) return ReturnsText("Error: Input 'cases' must be a list");
  if (cases.items().empty()) return ReturnsText("Error: Input 'cases' is empty");
  KeyIndex regions;
  std::vector<std::vector<double>> times;
  for (const py::Value& c : cases.items()) {
    if (!c.is_dict()) return ReturnsText("Error: Each case in 'cases' must be a dictionary");
    if (!c.Find("ShippingState") || !c.Find("CreatedDate") || !c.Find("ClosedDate")) {
      return ReturnsText(
          "Error: Each case dictionary must contain 'ShippingState', 'CreatedDate', and 'ClosedDate' keys");
    }
    const py::Value& state = *c.Find("ShippingState");
    if (!state.truthy()) continue;  // cases without a state are left out
    std::optional<py::DateTime> dates[2];
    const char* keys[2] = {"CreatedDate", "ClosedDate"};
    for (int k = 0; k < 2; ++k) {
      const py::Value& text = *c.Find(keys[k]);
      if (!text.is_str()) return Returns(Unexpected(StrptimeTypeError(text)));
      dates[k] = py::Strptime(text.as_str(), py::DateFormat::kRecord);
      if (!dates[k]) {
        return ReturnsText("Error: Invalid date format. Dates should be in the format 'YYYY-MM-DDTHH:MM:SSZ'");
      }
    }
    if (!state.hashable()) return Returns(Unexpected("unhashable type: '" + std::string(state.type_name()) + "'"));
    const size_t slot = regions.Slot(state);
    if (slot == times.size()) times.emplace_back();
    times[slot].push_back(static_cast<double>(dates[1]->UtcMicros() - dates[0]->UtcMicros()) / 1e6);
  }
  py::Value out = py::Value::Dict();
  for (size_t slot = 0; slot < times.size(); ++slot) {
    double sum = 0;
    for (double t : times[slot]) sum += t;
    out.Set(regions.keys()[slot], py::Value::Float(sum / static_cast<double>(times[slot].size())));
  }
  return Returns(out);
}

ToolPlan GetOrderItemIdsByProduct(const BoundArgs& args) {
  const py::Value& product = args["product_id"];
  if (!product.is_str()) return ReturnsText("Error: product_id must be a string");
  if (product.as_str().empty()) return ReturnsText("Error: product_id cannot be empty");
  return Query(SoqlBlock({"SELECT Id", "FROM OrderItem", "WHERE Product2Id = " + QuotedStr(product)}),
               ColumnOf("Id"));
}

ToolPlan GetIssueCounts(const BoundArgs& args) {
  if (!args["start_date"].is_str() || !args["end_date"].is_str()) {
    return ReturnsText("Error: start_date and end_date must be strings");
  }
  const py::Value& items = args["order_item_ids"];
  if (!items.is_list() || items.items().empty()) return ReturnsText("Error: order_item_ids must be a non-empty list");
  // The official tool checks no date format: the text goes into the query
  // as it is, and a malformed one is the org's error.
  return Query(SoqlBlock({"SELECT IssueId__c, COUNT(Id) IssueCount", "FROM Case",
                          "WHERE OrderItemId__c IN (" + JoinedQuotedStrs(items.items()) + ")",
                          "AND CreatedDate >= " + BareToken(args["start_date"].as_str()),
                          "AND CreatedDate <= " + BareToken(args["end_date"].as_str()), "GROUP BY IssueId__c",
                          "ORDER BY COUNT(Id) DESC"}),
               OnRecords([](const std::vector<py::Value>& records) {
                 py::Value out = py::Value::Dict();
                 for (const py::Value& r : records) {
                   const py::Value* issue = r.Find("IssueId__c");
                   if (!issue) return Unexpected(KeyErrorText("IssueId__c"));
                   const py::Value* count = r.Find("IssueCount");
                   if (!count) return Unexpected(KeyErrorText("IssueCount"));
                   out.Set(*issue, *count);
                 }
                 return out;
               }));
}

}  // namespace crm::tools::internal
